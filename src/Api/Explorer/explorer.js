// Starts GraphiQL against this host's /graphql. Kept out of the page so that the Content-Security-Policy needs no
// 'unsafe-inline' script.
//
// It opens with an example for the signed-in role: whenever the Authorization header in the Headers tab changes, it asks
// /explorer/example with that header, and shows the query and variables the host answers (a volunteer's own account, staff's
// records awaiting verification, a cashier's statement, an admin's communities), filled in from the token's claims.
(function () {
  'use strict';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  // The Authorization header whose example is asked for or shown: undefined before the first, null without a token.
  var current;

  function render(example) {
    root.render(React.createElement(GraphiQL, {
      fetcher: fetcher,
      isHeadersEditorEnabled: true,
      // A token is a secret: it stays in this tab and is not written to the browser's storage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
      onEditHeaders: onEditHeaders,
      query: example ? example.query : undefined,
      variables: example ? JSON.stringify(example.variables, null, 2) : undefined,
    }, React.createElement(GraphiQL.Logo, null, 'TimeBank')));
  }

  function authorizationIn(headersText) {
    try {
      var headers = JSON.parse(headersText || '{}');
      return headers && typeof headers.Authorization === 'string' ? headers.Authorization : null;
    } catch (e) {
      return undefined; // still being typed: keep what is shown
    }
  }

  function showExampleFor(authorization) {
    current = authorization;
    fetch('/explorer/example', { headers: authorization ? { Authorization: authorization } : {} })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (example) {
        // A later header may have been typed meanwhile; only its own answer is shown.
        if (example && authorization === current) {
          render(example);
        }
      })
      .catch(function () { /* the explorer works without its example */ });
  }

  function onEditHeaders(headersText) {
    var authorization = authorizationIn(headersText);
    if (authorization !== undefined && authorization !== current) {
      showExampleFor(authorization);
    }
  }

  render(null);
  showExampleFor(null);
})();
