'use strict';

function InterceptorManager() {
  this.handlers = [];
}

InterceptorManager.prototype.use = function use(fulfilled, rejected) {
  this.handlers.push({ fulfilled: fulfilled, rejected: rejected });
  return this.handlers.length - 1;
};

InterceptorManager.prototype.eject = function eject(id) {
  if (this.handlers[id]) {
    this.handlers[id] = null;
  }
};

InterceptorManager.prototype.clear = function clear() {
  this.handlers = [];
};

InterceptorManager.prototype.forEach = function forEach(fn) {
  for (var i = 0; i < this.handlers.length; i++) {
    if (this.handlers[i] !== null) {
      fn(this.handlers[i]);
    }
  }
};

module.exports = InterceptorManager;
