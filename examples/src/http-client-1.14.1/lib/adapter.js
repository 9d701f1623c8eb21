'use strict';

var http = require('http');
var https = require('https');
var zlib = require('zlib');
var url = require('url');
var followRedirects = require('follow-redirects');
var getProxyForUrl = require('proxy-from-env').getProxyForUrl;
var FormData = require('form-data');

var utils = require('./utils');
var headersUtil = require('./headers');
var HttpError = require('./error');

var isHttps = /https:?/;

function setProxy(options, configProxy, location) {
  var proxy = configProxy;
  if (!proxy && proxy !== false) {
    var proxyUrl = getProxyForUrl(location);
    if (proxyUrl) {
      var parsed = url.parse(proxyUrl);
      proxy = {
        protocol: parsed.protocol,
        host: parsed.hostname,
        port: parsed.port
      };
      if (parsed.auth) {
        var auth = parsed.auth.split(':');
        proxy.auth = { username: auth[0], password: auth[1] };
      }
    }
  }
  if (proxy) {
    if (proxy.auth) {
      var base64 = Buffer.from(proxy.auth.username + ':' + (proxy.auth.password || ''), 'utf8').toString('base64');
      options.headers['proxy-authorization'] = 'Basic ' + base64;
    }
    options.headers.host = options.hostname + (options.port ? ':' + options.port : '');
    options.hostname = proxy.host;
    options.host = proxy.host;
    options.port = proxy.port;
    options.path = location;
    if (proxy.protocol) {
      options.protocol = proxy.protocol.indexOf(':') === -1 ? proxy.protocol + ':' : proxy.protocol;
    }
  }
  options.beforeRedirect = function beforeRedirect(redirectOptions) {
    setProxy(redirectOptions, configProxy, redirectOptions.href);
  };
}

function decompressStream(res, config) {
  if (!config.decompress || config.method === 'head' || res.statusCode === 204) {
    return res;
  }
  switch (String(res.headers['content-encoding']).toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
      delete res.headers['content-encoding'];
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      delete res.headers['content-encoding'];
      return res.pipe(zlib.createInflate());
    case 'br':
      delete res.headers['content-encoding'];
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function httpAdapter(config) {
  return new Promise(function dispatchHttpRequest(resolve, reject) {
    var data = config.data;
    var headers = config.headers;
    var settled = false;

    function done(fn, value) {
      if (!settled) {
        settled = true;
        fn(value);
      }
    }

    if (data instanceof FormData) {
      var formHeaders = data.getHeaders();
      utils.forEach(formHeaders, function copyFormHeader(value, name) {
        headers[name.toLowerCase()] = value;
      });
    } else if (data && !utils.isStream(data)) {
      if (!utils.isBuffer(data)) {
        data = Buffer.from(String(data), 'utf8');
      }
      if (config.maxBodyLength > -1 && data.length > config.maxBodyLength) {
        return reject(new HttpError('Request body larger than maxBodyLength limit', HttpError.ERR_BAD_REQUEST, config));
      }
      headers['content-length'] = data.length;
    }

    var fullPath = config.url;
    var parsed = url.parse(fullPath);
    var protocol = parsed.protocol || 'http:';
    if (protocol !== 'http:' && protocol !== 'https:') {
      return reject(new HttpError('Unsupported protocol ' + protocol, HttpError.ERR_BAD_REQUEST, config));
    }

    var auth;
    if (config.auth) {
      auth = (config.auth.username || '') + ':' + (config.auth.password || '');
    } else if (parsed.auth) {
      auth = decodeURIComponent(parsed.auth);
    }
    if (auth) {
      delete headers.authorization;
    }

    var options = {
      path: utils.buildURL(parsed.path, config.params).replace(/^\?/, ''),
      method: config.method.toUpperCase(),
      headers: headers,
      agents: { http: config.httpAgent, https: config.httpsAgent },
      auth: auth,
      protocol: protocol,
      hostname: parsed.hostname && parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port,
      maxBodyLength: config.maxBodyLength > -1 ? config.maxBodyLength : Infinity
    };

    setProxy(options, config.proxy, protocol + '//' + parsed.hostname + (parsed.port ? ':' + parsed.port : '') + options.path);

    var isHttpsRequest = isHttps.test(options.protocol);
    options.agent = isHttpsRequest ? config.httpsAgent : config.httpAgent;

    var transport;
    if (config.maxRedirects === 0) {
      transport = isHttpsRequest ? https : http;
    } else {
      options.maxRedirects = config.maxRedirects;
      transport = isHttpsRequest ? followRedirects.https : followRedirects.http;
    }

    var req = transport.request(options, function handleResponse(res) {
      if (req.destroyed) {
        return;
      }
      var stream = decompressStream(res, config);
      var response = {
        status: res.statusCode,
        statusText: res.statusMessage,
        headers: res.headers,
        config: config,
        request: req
      };

      if (config.responseType === 'stream') {
        response.data = stream;
        return done(resolve, response);
      }

      var chunks = [];
      var total = 0;
      stream.on('data', function onData(chunk) {
        chunks.push(chunk);
        total += chunk.length;
        if (config.maxContentLength > -1 && total > config.maxContentLength) {
          stream.destroy();
          done(reject, new HttpError('maxContentLength size of ' + config.maxContentLength + ' exceeded',
            HttpError.ERR_MAX_CONTENT_LENGTH, config, req));
        }
      });
      stream.on('error', function onStreamError(err) {
        done(reject, HttpError.from(err, null, config, req));
      });
      stream.on('end', function onEnd() {
        var body = Buffer.concat(chunks);
        if (config.responseType !== 'arraybuffer') {
          body = body.toString(config.responseEncoding);
        }
        response.data = body;
        done(resolve, response);
      });
    });

    req.on('error', function onRequestError(err) {
      done(reject, HttpError.from(err, err.code === 'ECONNREFUSED' ? HttpError.ERR_NETWORK : null, config, req));
    });

    if (config.timeout) {
      var timeout = parseInt(config.timeout, 10);
      req.setTimeout(timeout, function onTimeout() {
        req.destroy();
        done(reject, new HttpError('timeout of ' + timeout + 'ms exceeded', HttpError.ECONNABORTED, config, req));
      });
    }

    if (config.signal && typeof config.signal.addEventListener === 'function') {
      config.signal.addEventListener('abort', function onAbort() {
        req.destroy();
        done(reject, new HttpError('canceled', HttpError.ERR_CANCELED, config, req));
      });
    }

    if (utils.isStream(data)) {
      data.on('error', function onDataError(err) {
        done(reject, HttpError.from(err, null, config, req));
      }).pipe(req);
    } else {
      req.end(data);
    }
  });
}

module.exports = httpAdapter;
module.exports.parseHeaders = headersUtil.parse;
