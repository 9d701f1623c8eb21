'use strict';

function HttpError(message, code, config, request, response) {
  Error.call(this);
  if (Error.captureStackTrace) {
    Error.captureStackTrace(this, this.constructor);
  } else {
    this.stack = new Error().stack;
  }
  this.name = 'HttpError';
  this.message = message;
  this.isHttpError = true;
  if (code) {
    this.code = code;
  }
  if (config) {
    this.config = config;
  }
  if (request) {
    this.request = request;
  }
  if (response) {
    this.response = response;
    this.status = response.status;
  }
}

HttpError.prototype = Object.create(Error.prototype);
HttpError.prototype.constructor = HttpError;

HttpError.prototype.toJSON = function toJSON() {
  return {
    name: this.name,
    message: this.message,
    code: this.code,
    status: this.status,
    method: this.config && this.config.method,
    url: this.config && this.config.url
  };
};

HttpError.ERR_BAD_REQUEST = 'ERR_BAD_REQUEST';
HttpError.ERR_BAD_RESPONSE = 'ERR_BAD_RESPONSE';
HttpError.ERR_NETWORK = 'ERR_NETWORK';
HttpError.ERR_CANCELED = 'ERR_CANCELED';
HttpError.ECONNABORTED = 'ECONNABORTED';
HttpError.ETIMEDOUT = 'ETIMEDOUT';
HttpError.ERR_FR_TOO_MANY_REDIRECTS = 'ERR_FR_TOO_MANY_REDIRECTS';
HttpError.ERR_MAX_CONTENT_LENGTH = 'ERR_MAX_CONTENT_LENGTH';

HttpError.from = function from(error, code, config, request, response) {
  var wrapped = new HttpError(error && error.message, code || (error && error.code), config, request, response);
  wrapped.cause = error;
  return wrapped;
};

module.exports = HttpError;
