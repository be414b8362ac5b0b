# config/environments/production.rb. Labels: `ruleid:`.
Rails.application.configure do
  # ruleid: debug-mode-on
  config.consider_all_requests_local = true
  config.force_ssl = true
end
