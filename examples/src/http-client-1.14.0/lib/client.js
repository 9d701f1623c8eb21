'use strict';

var utils = require('./utils');
var headersUtil = require('./headers');
var HttpError = require('./error');
var InterceptorManager = require('./interceptors');
var httpAdapter = require('./adapter');

function HttpClient(instanceConfig) {
  this.defaults = instanceConfig || {};
  this.interceptors = {
    request: new InterceptorManager(),
    response: new InterceptorManager()
  };
}

function runTransforms(fns, data, headers) {
  var list = Array.isArray(fns) ? fns : [fns];
  utils.forEach(list, function apply(fn) {
    if (utils.isFunction(fn)) {
      data = fn(data, headers);
    }
  });
  return data;
}

function dispatchRequest(config) {
  config.headers = headersUtil.flatten(config.headers, config.method);
  config.data = runTransforms(config.transformRequest, config.data, config.headers);

  return httpAdapter(config).then(function onAdapterResolution(response) {
    response.data = runTransforms(config.transformResponse, response.data, response.headers);
    if (!config.validateStatus || config.validateStatus(response.status)) {
      return response;
    }
    var code = response.status >= 500 ? HttpError.ERR_BAD_RESPONSE : HttpError.ERR_BAD_REQUEST;
    throw new HttpError('Request failed with status code ' + response.status, code, config, response.request, response);
  });
}

HttpClient.prototype.request = function request(configOrUrl, config) {
  if (utils.isString(configOrUrl)) {
    config = config || {};
    config.url = configOrUrl;
  } else {
    config = configOrUrl || {};
  }

  config = utils.merge(this.defaults, config);
  config.method = (config.method || 'get').toLowerCase();
  if (config.baseURL && !utils.isAbsoluteURL(config.url)) {
    config.url = utils.combineURLs(config.baseURL, config.url);
  }

  var chain = [dispatchRequest, undefined];
  this.interceptors.request.forEach(function unshiftRequestInterceptors(interceptor) {
    chain.unshift(interceptor.fulfilled, interceptor.rejected);
  });
  this.interceptors.response.forEach(function pushResponseInterceptors(interceptor) {
    chain.push(interceptor.fulfilled, interceptor.rejected);
  });

  var promise = Promise.resolve(config);
  while (chain.length) {
    promise = promise.then(chain.shift(), chain.shift());
  }
  return promise;
};

utils.forEach(['delete', 'get', 'head', 'options'], function forEachMethodNoData(method) {
  HttpClient.prototype[method] = function (url, config) {
    return this.request(utils.merge(config || {}, { method: method, url: url }));
  };
});

utils.forEach(['post', 'put', 'patch'], function forEachMethodWithData(method) {
  HttpClient.prototype[method] = function (url, data, config) {
    return this.request(utils.merge(config || {}, { method: method, url: url, data: data }));
  };
});

module.exports = HttpClient;
