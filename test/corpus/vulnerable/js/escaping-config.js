const Mustache = require('mustache');
const Sqrl = require('squirrelly');

angular.module('shop', []).config(function ($sceProvider, $sceDelegateProvider) {
  // ruleid: html-escaping-disabled
  $sceProvider.enabled(false);
  // ruleid: html-escaping-disabled
  $sceDelegateProvider.resourceUrlWhitelist(['self', 'https://**.cdn-shop.net']);
  // the path wildcard after a fixed host is fine
  $sceDelegateProvider.trustedResourceUrlList(['self', 'https://static.cdn-shop.net/**']);
});

// ruleid: html-escaping-disabled
Mustache.escape = (text) => text;

// ruleid: html-escaping-disabled
Sqrl.autoEscaping(false);

function renderReview(review) {
  return Mustache.render('<p>{{body}}</p>', review);
}

module.exports = { renderReview };
