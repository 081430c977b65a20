// Renders the till's OpenAPI api (/openapi/v1.json, served by this host) as a reference page. Plain DOM, no
// library, nothing inline and nothing from another host, so the explorer's Content-Security-Policy holds here too.
(function () {
  'use strict';
  var root = document.getElementById('reference');

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function resolve(api, schema) {
    var ref = schema && schema.$ref;
    if (ref && ref.indexOf('#/components/schemas/') === 0) {
      return { name: ref.substring('#/components/schemas/'.length), schema: api.components.schemas[ref.substring('#/components/schemas/'.length)] };
    }
    return { name: null, schema: schema };
  }

  function typeOf(schema) {
    if (!schema) {
      return '';
    }
    var type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type || '');
    if (schema.format) {
      type += ' (' + schema.format + ')';
    }
    if (schema.$ref) {
      type = schema.$ref.substring(schema.$ref.lastIndexOf('/') + 1);
    }
    return type;
  }

  function properties(api, schema) {
    var resolved = resolve(api, schema).schema;
    var table = element('table');
    var head = table.appendChild(element('tr'));
    ['field', 'type', 'what it is'].forEach(function (title) { head.appendChild(element('th', title)); });
    Object.keys((resolved && resolved.properties) || {}).forEach(function (name) {
      var property = resolved.properties[name];
      var row = table.appendChild(element('tr'));
      row.appendChild(element('td')).appendChild(element('code', name));
      row.appendChild(element('td', typeOf(property)));
      row.appendChild(element('td', property.description || ''));
    });
    return table;
  }

  function operation(api, path, method, op) {
    var section = element('section', null, 'operation');
    section.id = op.operationId || (method + path);
    var title = section.appendChild(element('h3'));
    title.appendChild(element('span', method.toUpperCase(), 'method method-' + method));
    title.appendChild(element('span', path));
    section.appendChild(element('p')).appendChild(element('strong', op.summary || ''));
    if (op.description) {
      section.appendChild(element('p', op.description));
    }
    if (op.security && op.security.length) {
      section.appendChild(element('p', 'Needs a bearer token: Authorization: Bearer <token>.'));
    }
    if (op.requestBody) {
      section.appendChild(element('h4', 'Body (application/json)'));
      var content = op.requestBody.content['application/json'];
      section.appendChild(properties(api, content && content.schema));
    }
    section.appendChild(element('h4', 'Answers'));
    var table = section.appendChild(element('table'));
    var head = table.appendChild(element('tr'));
    ['status', 'body', 'meaning'].forEach(function (name) { head.appendChild(element('th', name)); });
    Object.keys(op.responses || {}).forEach(function (status) {
      var response = op.responses[status];
      var row = table.appendChild(element('tr'));
      row.appendChild(element('td')).appendChild(element('code', status));
      var media = Object.keys(response.content || {})[0];
      var schema = media ? resolve(api, response.content[media].schema) : null;
      row.appendChild(element('td', media ? media + (schema && schema.name ? ' (' + schema.name + ')' : '') : ''));
      row.appendChild(element('td', response.description || ''));
    });
    return section;
  }

  function render(api) {
    root.textContent = '';
    root.appendChild(element('h1', api.info.title + ' ' + api.info.version));
    if (api.info.description) {
      root.appendChild(element('p', api.info.description));
    }
    (api.servers || []).forEach(function (server) {
      root.appendChild(element('p', 'Server: ' + server.url));
    });
    root.appendChild(element('h2', 'Operations'));
    var list = root.appendChild(element('ul'));
    var sections = [];
    Object.keys(api.paths).forEach(function (path) {
      Object.keys(api.paths[path]).forEach(function (method) {
        var op = api.paths[path][method];
        var link = list.appendChild(element('li')).appendChild(element('a', method.toUpperCase() + ' ' + path + ': ' + (op.summary || '')));
        link.href = '#' + (op.operationId || (method + path));
        sections.push(operation(api, path, method, op));
      });
    });
    sections.forEach(function (section) { root.appendChild(section); });
    var schemas = (api.components && api.components.schemas) || {};
    root.appendChild(element('h2', 'Schemas'));
    Object.keys(schemas).forEach(function (name) {
      root.appendChild(element('h3', name));
      if (schemas[name].description) {
        root.appendChild(element('p', schemas[name].description));
      }
      root.appendChild(properties(api, schemas[name]));
    });
  }

  fetch('/openapi/v1.json', { headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error('The OpenAPI api answered ' + response.status + '.');
      }
      return response.json();
    })
    .then(render)
    .catch(function (error) {
      root.textContent = 'The reference could not be shown: ' + error.message;
    });
})();
