// Preloaded (NODE_OPTIONS=--require) into tools that hard-code https://{domain}, such as
// auth0-deploy-cli: requests to https://localhost:<port> go to http://localhost:<port>, where the test
// Gatehouse listens. The tool itself runs unmodified.
const original = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const rewrite = (u) => u.replace(/^https:\/\/localhost:/, 'http://localhost:');
  if (typeof input === 'string') return original(rewrite(input), init);
  if (input instanceof URL) return original(rewrite(input.toString()), init);
  if (input && typeof input.url === 'string') return original(new Request(rewrite(input.url), input), init);
  return original(input, init);
};
