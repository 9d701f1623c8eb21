// A decoded value handed to an ordinary function, not evaluated.
const banner = Buffer.from('aGVsbG8gd29ybGQ=', 'base64').toString('utf8');
console.log(banner);
