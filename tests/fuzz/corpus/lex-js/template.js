const name = `user`;
const msg = `Hello ${name}, you have ${ `${count} new ${count === 1 ? 'message' : `messages`}` } and ${ {a: {b: 1}}.a.b } items`;
const raw = String.raw`C:\path\${x}`;
const multi = `line one
line two \u{1F600} \uD83D\uDE00 \x41\101`;
tag`a${b}c${d}e`;
