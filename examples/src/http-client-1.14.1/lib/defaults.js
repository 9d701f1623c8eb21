'use strict';

var utils = require('./utils');
var pkg = require('../package.json');

var DEFAULT_CONTENT_TYPE = 'application/x-www-form-urlencoded';

function transformRequest(data, headers) {
  if (utils.isFormData(data) || utils.isBuffer(data) || utils.isStream(data)) {
    return data;
  }
  if (utils.isURLSearchParams(data)) {
    if (!headers['content-type']) {
      headers['content-type'] = DEFAULT_CONTENT_TYPE + ';charset=utf-8';
    }
    return data.toString();
  }
  if (utils.isObject(data) || (headers['content-type'] || '').indexOf('application/json') !== -1) {
    headers['content-type'] = 'application/json';
    return JSON.stringify(data);
  }
  return data;
}

function transformResponse(data, headers) {
  var contentType = (headers && headers['content-type']) || '';
  if (utils.isString(data) && data.length && (contentType.indexOf('json') !== -1 || /^\s*[[{]/.test(data))) {
    try {
      return JSON.parse(data);
    } catch (e) {
      if (contentType.indexOf('json') !== -1) {
        throw e;
      }
    }
  }
  return data;
}

var defaults = {
  baseURL: '',
  timeout: 0,
  maxRedirects: 21,
  maxContentLength: -1,
  maxBodyLength: -1,
  decompress: true,
  responseType: 'json',
  responseEncoding: 'utf8',
  xsrfCookieName: 'XSRF-TOKEN',
  xsrfHeaderName: 'X-XSRF-TOKEN',
  transformRequest: [transformRequest],
  transformResponse: [transformResponse],
  validateStatus: function validateStatus(status) {
    return status >= 200 && status < 300;
  },
  headers: {
    common: {
      Accept: 'application/json, text/plain, */*',
      'User-Agent': 'http-client/' + pkg.version
    },
    post: { 'Content-Type': DEFAULT_CONTENT_TYPE },
    put: { 'Content-Type': DEFAULT_CONTENT_TYPE },
    patch: { 'Content-Type': DEFAULT_CONTENT_TYPE }
  }
};

module.exports = defaults;
