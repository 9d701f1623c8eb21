'use strict';
const redirects = require('follow-redirects');

module.exports = function get(url) /* fixed */ {
  return redirects.http.get(url) /* fixed */;
};
