'use strict';

var HttpClient = require('./lib/client');
var HttpError = require('./lib/error');
var defaults = require('./lib/defaults');
var utils = require('./lib/utils');

function createInstance(config) {
  var context = new HttpClient(utils.merge(defaults, config || {}));
  var instance = function request(urlOrConfig, cfg) {
    return context.request(urlOrConfig, cfg);
  };

  utils.forEach(['request', 'get', 'delete', 'head', 'options', 'post', 'put', 'patch'], function bindMethod(name) {
    instance[name] = context[name].bind(context);
  });

  instance.defaults = context.defaults;
  instance.interceptors = context.interceptors;
  instance.create = function create(instanceConfig) {
    return createInstance(utils.merge(context.defaults, instanceConfig || {}));
  };

  return instance;
}

var client = createInstance();

client.HttpClient = HttpClient;
client.HttpError = HttpError;
client.isHttpError = function isHttpError(value) {
  return utils.isObject(value) && value.isHttpError === true;
};
client.all = function all(promises) {
  return Promise.all(promises);
};
client.VERSION = require('./package.json').version;

module.exports = client;
module.exports.default = client;
