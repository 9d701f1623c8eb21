'use strict';

var utils = require('./utils');

// Headers whose duplicates are ignored by Node.js, see http.IncomingMessage
var ignoreDuplicateOf = [
  'age', 'authorization', 'content-length', 'content-type', 'etag',
  'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'proxy-authorization',
  'referer', 'retry-after', 'user-agent'
];

function normalizeName(name) {
  return String(name).trim().toLowerCase();
}

function normalize(headers) {
  var result = {};
  utils.forEach(headers, function setHeader(value, name) {
    if (value === false || value === null || utils.isUndefined(value)) {
      return;
    }
    result[normalizeName(name)] = Array.isArray(value) ? value.map(String) : String(value);
  });
  return result;
}

function flatten(headers, method) {
  if (!headers) {
    return {};
  }
  var merged = utils.merge(headers.common || {}, headers[method] || {});
  utils.forEach(headers, function copy(value, name) {
    if (['common', 'delete', 'get', 'head', 'post', 'put', 'patch', 'options'].indexOf(name) === -1) {
      merged[name] = value;
    }
  });
  return normalize(merged);
}

function parse(rawHeaders) {
  var parsed = {};
  if (!rawHeaders) {
    return parsed;
  }
  utils.forEach(rawHeaders.split('\n'), function parseLine(line) {
    var i = line.indexOf(':');
    var key = normalizeName(line.substr(0, i));
    var val = utils.trim(line.substr(i + 1));
    if (!key) {
      return;
    }
    if (parsed[key] && ignoreDuplicateOf.indexOf(key) >= 0) {
      return;
    }
    if (key === 'set-cookie') {
      parsed[key] = (parsed[key] ? parsed[key] : []).concat([val]);
    } else {
      parsed[key] = parsed[key] ? parsed[key] + ', ' + val : val;
    }
  });
  return parsed;
}

function hasContentType(headers) {
  return Object.prototype.hasOwnProperty.call(headers, 'content-type');
}

module.exports = {
  normalize: normalize,
  flatten: flatten,
  parse: parse,
  hasContentType: hasContentType
};
