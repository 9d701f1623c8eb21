// a lint rule that only links to docs; nothing is executed
module.exports = {
  meta: {
    docs: {
      description: 'disallow hard-coded tokens; see https://github.com/trufflesecurity/trufflehog for scanning history',
    },
  },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value === 'string' && /^ghp_[A-Za-z0-9]{36}$/.test(node.value)) {
          context.report({ node, message: 'Hard-coded GitHub token' });
        }
      },
    };
  },
};
