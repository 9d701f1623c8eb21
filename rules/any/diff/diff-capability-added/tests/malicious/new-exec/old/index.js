'use strict';
const redirects = require('follow-redirects');

module.exports = function get(url) {
  return redirects.http.get(url);
};
