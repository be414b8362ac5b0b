# A Rails controller and helpers with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
require 'net/http'
require 'openssl'
require 'digest'

class UsersController < ApplicationController
  def index
    # ruleid: tainted-sql
    @users = User.where("name = '#{params[:name]}'")
    # ruleid: tainted-sql
    @posts = Post.find_by_sql("SELECT * FROM posts WHERE author = '#{params[:author]}'")
    # ruleid: tainted-sql
    ActiveRecord::Base.connection.execute("DELETE FROM visits WHERE ip = '#{request.remote_ip}'")
  end

  def ping
    # ruleid: tainted-command
    system("ping -c 1 #{params[:host]}")
    # ruleid: tainted-command
    @out = `nslookup #{params[:host]}`
    # ruleid: tainted-command
    o, s = Open3.capture2("dig #{params[:host]}")
  end

  def back
    # ruleid: tainted-redirect
    redirect_to params[:return_to]
  end

  def download
    # ruleid: tainted-path
    send_file params[:file]
  end

  def restore
    # ruleid: tainted-deserialization
    @obj = Marshal.load(Base64.decode64(cookies[:state]))
    # ruleid: tainted-deserialization
    @cfg = YAML.load(params[:yaml])
    # ruleid: tainted-deserialization
    @doc = YAML.unsafe_load(request.body.read)
  end

  def show
    # ruleid: template-autoescape-disabled
    @bio = @user.bio.html_safe
  end
end

class Fetcher
  def get(url)
    http = Net::HTTP.new(url.host, url.port)
    http.use_ssl = true
    # ruleid: tls-verify-off
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE
    http.get(url.path)
  end

  def faraday(url)
    # ruleid: tls-verify-off
    Faraday.new(url, ssl: { verify: false })
  end

  def rest(url)
    # ruleid: tls-verify-off
    RestClient::Request.execute(url: url, method: :get, verify_ssl: OpenSSL::SSL::VERIFY_NONE)
  end
end

class Account
  def password=(password)
    # ruleid: password-weak-hash, weak-hash-call
    self.digest = Digest::SHA1.hexdigest(password)
  end

  def api_key!
    # ruleid: weak-random-secret
    @api_key = rand(36**32).to_s(36)
  end

  def checksum(data)
    # ruleid: weak-hash-call
    Digest::MD5.hexdigest(data)
  end

  def cipher
    # ruleid: weak-cipher-text
    OpenSSL::Cipher.new('des-ede3-cbc')
  end

  def key
    # ruleid: rsa-small-key-text
    OpenSSL::PKey::RSA.new(1024)
  end

  def token(raw)
    # ruleid: jwt-verification-disabled
    JWT.decode(raw, nil, false)
  end
end
