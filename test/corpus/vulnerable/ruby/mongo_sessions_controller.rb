require "mongo"

class SessionsController < ApplicationController
  USERS = Mongo::Client.new(["db:27017"], database: "app")[:users]

  def create
    # ruleid: tainted-nosql
    user = USERS.find(name: params[:name], token: params[:token]).first
    render json: { ok: !user.nil? }
  end

  def show
    render json: USERS.find(_id: BSON::ObjectId(params[:id].to_s)).first
  end
end
