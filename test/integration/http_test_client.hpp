// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// A tiny blocking HTTP/1.1 client (Beast) for the integration tests: plain requests built by hand,
// independent of gchat's own client. Keep-alive; reconnects when the server closed the connection.
#ifndef GCHAT_TEST_INTEGRATION_HTTP_TEST_CLIENT_HPP
#define GCHAT_TEST_INTEGRATION_HTTP_TEST_CLIENT_HPP

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gchat::test {

struct http_reply {
    unsigned status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // lower-case names

    boost::json::value json() const { return boost::json::parse(body); }

    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class http_test_client {
  public:
    /// `base_url` as the emulator prints it (`http://127.0.0.1:PORT/`, `https://...`); `ca_pem` for https.
    explicit http_test_client(const std::string& base_url, const std::string& ca_pem = {}) {
        std::string_view u = base_url;
        if (u.substr(0, 8) == "https://") {
            tls_ = true;
            u.remove_prefix(8);
        } else if (u.substr(0, 7) == "http://") {
            u.remove_prefix(7);
        } else {
            throw std::invalid_argument("bad base url");
        }
        auto slash = u.find('/');
        auto hostport = u.substr(0, slash);
        auto colon = hostport.rfind(':');
        host_ = std::string(hostport.substr(0, colon));
        port_ = std::string(hostport.substr(colon + 1));
        if (tls_) {
            ctx_.emplace(boost::asio::ssl::context::tls_client);
            ctx_->add_certificate_authority(boost::asio::buffer(ca_pem));
            ctx_->set_verify_mode(boost::asio::ssl::verify_peer);
        }
    }

    /// The bearer token sent with every request; empty sends no Authorization header.
    std::string token = "test-token";
    /// Time limit for one request.
    std::chrono::seconds timeout{20};

    http_reply request(std::string_view method, std::string_view target, std::string_view body = {},
                       std::vector<std::pair<std::string, std::string>> headers = {},
                       std::string_view content_type = "application/json") {
        namespace http = boost::beast::http;
        http::request<http::string_body> req{http::string_to_verb(method), std::string(target), 11};
        req.set(http::field::host, host_ + ":" + port_);
        req.set(http::field::user_agent, "gchat-test-client");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
            req.set(http::field::content_type, content_type);
            req.body() = std::string(body);
        }
        for (auto& [k, v] : headers)
            req.set(k, v);
        req.keep_alive(true);
        req.prepare_payload();
        for (int attempt = 0;; ++attempt) {
            try {
                ensure_connected();
                return exchange(req);
            } catch (const boost::system::system_error&) {
                reset();
                if (attempt >= 1 || sent_any_) throw;
            }
        }
    }

    http_reply get(std::string_view target) { return request("GET", target); }
    http_reply post(std::string_view target, std::string_view body) { return request("POST", target, body); }

    /// Forgets the connection (the next request opens a new one).
    void reset() {
        plain_.reset();
        secure_.reset();
        buffer_.clear();
    }

  private:
    void ensure_connected() {
        if (plain_ || secure_) return;
        boost::asio::ip::tcp::resolver resolver(*ioc_);
        auto results = resolver.resolve(host_, port_);
        sent_any_ = false;
        if (tls_) {
            secure_ = std::make_unique<boost::beast::ssl_stream<boost::beast::tcp_stream>>(*ioc_, *ctx_);
            auto& s = *secure_;
            boost::beast::get_lowest_layer(s).expires_after(timeout);
            boost::beast::get_lowest_layer(s).connect(results);
            s.set_verify_callback(boost::asio::ssl::host_name_verification(host_));
            s.handshake(boost::asio::ssl::stream_base::client);
        } else {
            plain_ = std::make_unique<boost::beast::tcp_stream>(*ioc_);
            plain_->expires_after(timeout);
            plain_->connect(results);
        }
    }

    template <class Stream, class Req>
    http_reply exchange_on(Stream& s, Req& req) {
        namespace http = boost::beast::http;
        boost::beast::get_lowest_layer(s).expires_after(timeout);
        http::write(s, req);
        sent_any_ = true;
        http::response_parser<http::string_body> parser;
        parser.body_limit(256 * 1024 * 1024);
        http::read(s, buffer_, parser);
        auto& res = parser.get();
        http_reply out;
        out.status = res.result_int();
        out.body = std::move(res.body());
        for (const auto& f : res) {
            std::string k(f.name_string());
            for (auto& c : k)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.headers[k] = std::string(f.value());
        }
        if (!res.keep_alive()) reset();
        sent_any_ = false;
        return out;
    }

    template <class Req>
    http_reply exchange(Req& req) {
        if (secure_) return exchange_on(*secure_, req);
        return exchange_on(*plain_, req);
    }

    std::unique_ptr<boost::asio::io_context> ioc_ = std::make_unique<boost::asio::io_context>();
    std::optional<boost::asio::ssl::context> ctx_;
    std::unique_ptr<boost::beast::tcp_stream> plain_;
    std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure_;
    boost::beast::flat_buffer buffer_;
    std::string host_, port_;
    bool tls_ = false;
    bool sent_any_ = false;
};

} // namespace gchat::test

#endif
