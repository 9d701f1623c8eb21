'use strict';

var toString = Object.prototype.toString;
var hasOwn = Object.prototype.hasOwnProperty;

function kindOf(value) {
  return toString.call(value).slice(8, -1).toLowerCase();
}

function isUndefined(value) {
  return typeof value === 'undefined';
}

function isString(value) {
  return typeof value === 'string';
}

function isNumber(value) {
  return typeof value === 'number';
}

function isFunction(value) {
  return typeof value === 'function';
}

function isObject(value) {
  return value !== null && typeof value === 'object';
}

function isPlainObject(value) {
  if (kindOf(value) !== 'object') {
    return false;
  }
  var proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function isBuffer(value) {
  return Buffer.isBuffer(value);
}

function isStream(value) {
  return isObject(value) && isFunction(value.pipe);
}

function isURLSearchParams(value) {
  return typeof URLSearchParams !== 'undefined' && value instanceof URLSearchParams;
}

function isFormData(value) {
  return isObject(value) && isFunction(value.getHeaders) && isFunction(value.append);
}

function forEach(obj, fn) {
  if (obj === null || typeof obj === 'undefined') {
    return;
  }
  if (typeof obj !== 'object') {
    obj = [obj];
  }
  if (Array.isArray(obj)) {
    for (var i = 0; i < obj.length; i++) {
      fn.call(null, obj[i], i, obj);
    }
    return;
  }
  for (var key in obj) {
    if (hasOwn.call(obj, key)) {
      fn.call(null, obj[key], key, obj);
    }
  }
}

function merge() {
  var result = {};
  function assignValue(val, key) {
    if (isPlainObject(result[key]) && isPlainObject(val)) {
      result[key] = merge(result[key], val);
    } else if (isPlainObject(val)) {
      result[key] = merge({}, val);
    } else if (Array.isArray(val)) {
      result[key] = val.slice();
    } else if (!isUndefined(val)) {
      result[key] = val;
    }
  }
  for (var i = 0; i < arguments.length; i++) {
    forEach(arguments[i], assignValue);
  }
  return result;
}

function trim(str) {
  return str.replace(/^[\s\uFEFF\xA0]+|[\s\uFEFF\xA0]+$/g, '');
}

function encodeParam(val) {
  return encodeURIComponent(val)
    .replace(/%3A/gi, ':')
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%20/g, '+')
    .replace(/%5B/gi, '[')
    .replace(/%5D/gi, ']');
}

function buildURL(url, params) {
  if (!params) {
    return url;
  }
  var serialized;
  if (isURLSearchParams(params)) {
    serialized = params.toString();
  } else {
    var parts = [];
    forEach(params, function serialize(val, key) {
      if (val === null || isUndefined(val)) {
        return;
      }
      var values = Array.isArray(val) ? val : [val];
      forEach(values, function encodeValue(v) {
        if (v instanceof Date) {
          v = v.toISOString();
        } else if (isObject(v)) {
          v = JSON.stringify(v);
        }
        parts.push(encodeParam(key) + '=' + encodeParam(v));
      });
    });
    serialized = parts.join('&');
  }
  if (serialized) {
    var hashIndex = url.indexOf('#');
    if (hashIndex !== -1) {
      url = url.slice(0, hashIndex);
    }
    url += (url.indexOf('?') === -1 ? '?' : '&') + serialized;
  }
  return url;
}

function combineURLs(baseURL, relativeURL) {
  return relativeURL
    ? baseURL.replace(/\/+$/, '') + '/' + relativeURL.replace(/^\/+/, '')
    : baseURL;
}

function isAbsoluteURL(url) {
  return /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
}

module.exports = {
  kindOf: kindOf,
  isUndefined: isUndefined,
  isString: isString,
  isNumber: isNumber,
  isFunction: isFunction,
  isObject: isObject,
  isPlainObject: isPlainObject,
  isBuffer: isBuffer,
  isStream: isStream,
  isURLSearchParams: isURLSearchParams,
  isFormData: isFormData,
  forEach: forEach,
  merge: merge,
  trim: trim,
  buildURL: buildURL,
  combineURLs: combineURLs,
  isAbsoluteURL: isAbsoluteURL
};
