// like whatwg-fetch / unfetch: install fetch when the browser has none
import { fetch as polyfill, Headers, Request, Response } from './fetch-impl';

if (typeof self !== 'undefined' && !self.fetch) {
  self.fetch = polyfill;
  self.Headers = Headers;
  self.Request = Request;
  self.Response = Response;
}
export default polyfill;
