import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-ssrf',
    title: "Server-side request to a URL from request data",
    description: "Fetching a URL the client chose lets them reach internal services, cloud metadata endpoints and hosts behind your firewall (server-side request forgery).",
    recommendation: "Build outgoing URLs from a fixed base and allow-listed hosts; never fetch a URL taken whole from the request.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-918'],
    owasp: ['A10:2021'],
    fixable: false,
  },
  keywords: ['requests', 'urlopen', 'httpx', 'http', 'url', 'curl', 'client', 'uri', 'net::http', 'httparty', 'faraday', 'webrequest', 'request', 'file', 'fsockopen', 'get_headers', 'getimagesize', 'get_meta_tags'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['ssrf'], (_hit, from) => `This outgoing request's URL comes from ${from}; build it from a fixed base and an allow-listed host.`);
  },
});
