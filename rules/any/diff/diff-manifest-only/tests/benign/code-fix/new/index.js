'use strict';
const redirects = require('follow-redirects');

module.exports = function get(url, opts) {
  return redirects.http.get(url, opts);
};
