# Labels: `ruleid:`.
require "net/http"

class ProxyController < ApplicationController
  def show
    # ruleid: tainted-ssrf
    body = Net::HTTP.get(URI(params[:url]))
    fixed = Net::HTTP.get(URI("https://status.acme.com/health"))
    # ruleid: template-autoescape-disabled, tainted-html
    render html: "<pre>#{params[:note]}</pre>".html_safe
  end

  def import
    # ruleid: xxe-enabled
    doc = Nokogiri::XML(request.body.read) { |config| config.noent }
    safe = Nokogiri::XML(request.body.read) { |config| config.nonet }
    render plain: doc.to_s
  end
end
