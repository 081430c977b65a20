// Starts GraphiQL against this host's /graphql. Kept out of the page so that the Content-Security-Policy needs no
// 'unsafe-inline' script.
(function () {
  'use strict';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    // A token is a secret: it stays in this tab and is not written to the browser's storage.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
    defaultQuery: '# Put {"Authorization": "Bearer <token>"} in the Headers tab, then run:\n'
      + 'query Me($volunteerId: ID!) {\n  account(volunteerId: $volunteerId) {\n    id\n    serviceHours\n    availablePoints\n    starLevel\n  }\n}\n',
  }, React.createElement(GraphiQL.Logo, null, 'TimeBank')));
})();
