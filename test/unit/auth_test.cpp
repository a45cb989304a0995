// Credentials without I/O: key files, the OAuth requests, the token endpoint's answers.
#include <gchat/auth/detail/oauth.hpp>
#include <gchat/auth/jwt.hpp>
#include <gchat/auth/key_file.hpp>
#include <gchat/auth/service_account.hpp>
#include <gchat/auth/user_refresh.hpp>
#include <gchat/detail/client_op.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/detail/text.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "printing.hpp"
#include "test_data.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace std::chrono_literals;
namespace auth = gchat::auth;

const gchat::testing::chat_signing_key& test_key() {
    static const auto k = [] {
        auto r = gchat::testing::make_chat_signing_key();
        if (!r) throw std::runtime_error("cannot generate a test key");
        return *r;
    }();
    return k;
}

std::string key_json(std::string_view token_uri = "https://oauth2.googleapis.com/token") {
    boost::json::object o{{"type", "service_account"},
                          {"project_id", "test-project"},
                          {"private_key_id", "kid-1"},
                          {"private_key", test_key().private_key_pem},
                          {"client_email", "bot@test-project.iam.gserviceaccount.com"},
                          {"client_id", "42"},
                          {"token_uri", token_uri}};
    return boost::json::serialize(o);
}

// The secret parts of the fixtures, which no message may contain.
constexpr std::string_view placeholder_key = "PLACEHOLDERNOTAKEY";
constexpr std::string_view placeholder_secret = "PLACEHOLDER-SECRET";
constexpr std::string_view placeholder_refresh = "PLACEHOLDER-REFRESH";

gchat::testing::detail::query form_of(std::string_view body) {
    auto q = gchat::testing::detail::parse_query(body);
    BOOST_TEST_REQUIRE(q.has_value());
    return std::move(*q);
}

} // namespace

BOOST_AUTO_TEST_SUITE(auth_core)

BOOST_AUTO_TEST_CASE(a_service_account_key_parses_with_every_field) {
    gchat::diagnostics d;
    auto k = auth::parse_service_account_key(key_json(), d);
    BOOST_TEST_REQUIRE(k.has_value(), d.client_message);
    BOOST_TEST(k->client_email == "bot@test-project.iam.gserviceaccount.com");
    BOOST_TEST(k->private_key == test_key().private_key_pem);
    BOOST_TEST(k->private_key_id == "kid-1");
    BOOST_TEST(k->token_uri == "https://oauth2.googleapis.com/token");
    BOOST_TEST(k->project_id == "test-project");
    BOOST_TEST(k->client_id == "42");
}

BOOST_AUTO_TEST_CASE(every_bad_key_file_is_refused_naming_the_field_and_never_its_value) {
    struct bad_case {
        const char* file;
        const char* says;
    };
    const bad_case cases[] = {
        {"not_json.json", "not valid JSON"},
        {"not_an_object.json", "not a JSON object"},
        {"missing_type.json", "missing \"type\""},
        {"wrong_type.json", "\"type\" is not \"service_account\""},
        {"missing_client_email.json", "missing \"client_email\""},
        {"missing_private_key.json", "missing \"private_key\""},
        {"missing_private_key_id.json", "missing \"private_key_id\""},
        {"missing_token_uri.json", "missing \"token_uri\""},
        {"empty_private_key.json", "\"private_key\" is empty"},
        {"private_key_not_a_string.json", "\"private_key\" is not a string"},
        {"private_key_not_pem.json", "\"private_key\" is not in PEM form"},
        {"private_key_unreadable.json", "\"private_key\" is not a readable RSA private key"},
        {"client_email_not_an_address.json", "\"client_email\" is not an email address"},
        {"token_uri_not_http.json", "\"token_uri\" is not an http(s) URL"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.file) {
            gchat::diagnostics d;
            auto k =
                auth::parse_service_account_key(gchat::test::read_data(std::string("auth/") + c.file), d);
            BOOST_TEST_REQUIRE(!k.has_value());
            BOOST_TEST((k.error() == gchat::errc::invalid_credentials));
            BOOST_TEST(d.client_message == "service-account key: " + std::string(c.says));
            BOOST_TEST(d.summary().find(placeholder_key) == std::string::npos);
            BOOST_TEST(k.error().message().find(placeholder_key) == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_encrypted_or_non_rsa_key_is_refused) {
    // A PEM that is not a private key at all (the public half of the test key).
    boost::json::object o = boost::json::parse(key_json()).as_object();
    o["private_key"] = test_key().public_key_pem;
    gchat::diagnostics d;
    auto k = auth::parse_service_account_key(boost::json::serialize(o), d);
    BOOST_TEST((k.error() == gchat::errc::invalid_credentials));
    BOOST_TEST(d.client_message == "service-account key: \"private_key\" is not a readable RSA private key");
}

BOOST_AUTO_TEST_CASE(authorized_user_credentials_parse_with_google_token_uri_by_default) {
    gchat::diagnostics d;
    auto u = auth::parse_authorized_user(gchat::test::read_data("auth/authorized_user.json"), d);
    BOOST_TEST_REQUIRE(u.has_value(), d.client_message);
    BOOST_TEST(u->client_id == "id.apps.googleusercontent.com");
    BOOST_TEST(u->client_secret == placeholder_secret);
    BOOST_TEST(u->refresh_token == placeholder_refresh);
    BOOST_TEST(u->token_uri == auth::google_token_uri);
    BOOST_TEST(u->quota_project_id == "placeholder-project");
}

BOOST_AUTO_TEST_CASE(every_bad_authorized_user_file_is_refused_naming_the_field_and_never_its_value) {
    struct bad_case {
        const char* file;
        const char* says;
    };
    const bad_case cases[] = {
        {"user_wrong_type.json", "\"type\" is not \"authorized_user\""},
        {"user_missing_client_id.json", "missing \"client_id\""},
        {"user_missing_client_secret.json", "missing \"client_secret\""},
        {"user_missing_refresh_token.json", "missing \"refresh_token\""},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.file) {
            gchat::diagnostics d;
            auto u = auth::parse_authorized_user(gchat::test::read_data(std::string("auth/") + c.file), d);
            BOOST_TEST_REQUIRE(!u.has_value());
            BOOST_TEST((u.error() == gchat::errc::invalid_credentials));
            BOOST_TEST(d.client_message == "authorized-user credentials: " + std::string(c.says));
            BOOST_TEST(d.summary().find(placeholder_secret) == std::string::npos);
            BOOST_TEST(d.summary().find(placeholder_refresh) == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_missing_credentials_file_is_a_system_error_naming_the_path) {
    gchat::diagnostics d;
    auto r = auth::read_credentials_file("/nonexistent/gchat-test/key.json", d);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error() == boost::system::errc::no_such_file_or_directory));
    BOOST_TEST(d.client_message.find("/nonexistent/gchat-test/key.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_environment_variable_names_the_key_file) {
    gchat::diagnostics d;
    ::unsetenv("GOOGLE_APPLICATION_CREDENTIALS");
    auto none = auth::credentials_path_from_environment(d);
    BOOST_TEST((none.error() == gchat::errc::invalid_credentials));
    BOOST_TEST(d.client_message == "GOOGLE_APPLICATION_CREDENTIALS is not set");
    ::setenv("GOOGLE_APPLICATION_CREDENTIALS", "/tmp/some-key.json", 1);
    auto some = auth::credentials_path_from_environment(d);
    ::unsetenv("GOOGLE_APPLICATION_CREDENTIALS");
    BOOST_TEST_REQUIRE(some.has_value());
    BOOST_TEST(*some == "/tmp/some-key.json");
}

BOOST_AUTO_TEST_CASE(from_json_throws_diagnostics_without_the_key) {
    boost::asio::io_context io;
    try {
        auto s = auth::service_account::from_json(io.get_executor(),
                                                  gchat::test::read_data("auth/missing_token_uri.json"));
        BOOST_FAIL("no exception");
    } catch (const gchat::error_with_diagnostics& e) {
        BOOST_TEST((e.code() == gchat::errc::invalid_credentials));
        BOOST_TEST(std::string(e.what()).find("missing \"token_uri\"") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find(placeholder_key) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_jwt_bearer_request_is_form_encoded_with_a_signed_assertion) {
    auto key = auth::parse_service_account_key(key_json()).value();
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    gchat::diagnostics d;
    auto req =
        auth::detail::make_jwt_bearer_request(key, {std::string(auth::chat_bot_scope)}, "", "/token", now, d);
    BOOST_TEST_REQUIRE(req.has_value());
    BOOST_TEST((req->method == boost::beast::http::verb::post));
    BOOST_TEST(req->target == "/token");
    BOOST_TEST(req->content_type == "application/x-www-form-urlencoded");
    auto form = form_of(req->body);
    BOOST_TEST(form.get_or("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer");
    auto jwt = auth::jwt_decode(form.get_or("assertion"));
    BOOST_TEST_REQUIRE(jwt.has_value());
    BOOST_TEST(!auth::jwt_verify_rs256(*jwt, test_key().public_key_pem));
    BOOST_TEST(jwt->header.at("kid").as_string() == "kid-1");
    BOOST_TEST(jwt->claims.at("iss").as_string() == key.client_email);
    BOOST_TEST(jwt->claims.at("aud").as_string() == "https://oauth2.googleapis.com/token");
    BOOST_TEST(jwt->claims.at("scope").as_string() == "https://www.googleapis.com/auth/chat.bot");
    BOOST_TEST(jwt->claims.at("iat").as_int64() == 1'700'000'000);
    BOOST_TEST(jwt->claims.at("exp").as_int64() == 1'700'003'600);
    BOOST_TEST(!jwt->claims.contains("sub"));
}

BOOST_AUTO_TEST_CASE(a_subject_and_several_scopes_go_in_the_assertion) {
    auto key = auth::parse_service_account_key(key_json()).value();
    auto c = auth::detail::assertion_claims(key, {"a", "b"}, "user@example.com", key.token_uri,
                                            std::chrono::system_clock::now());
    BOOST_TEST(c.at("sub").as_string() == "user@example.com");
    BOOST_TEST(c.at("scope").as_string() == "a b");
}

BOOST_AUTO_TEST_CASE(a_self_signed_jwt_names_the_api_as_audience_and_expires_in_an_hour) {
    auto key = auth::parse_service_account_key(key_json()).value();
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    gchat::diagnostics d;
    auto t = auth::detail::make_self_signed_jwt(key, {std::string(auth::chat_bot_scope)}, "",
                                                "https://chat.googleapis.com/", now, d);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST((t->expires_at == now + 1h));
    auto jwt = auth::jwt_decode(t->value).value();
    BOOST_TEST(!auth::jwt_verify_rs256(jwt, test_key().public_key_pem));
    BOOST_TEST(jwt.claims.at("iss").as_string() == key.client_email);
    BOOST_TEST(jwt.claims.at("sub").as_string() == key.client_email);
    BOOST_TEST(jwt.claims.at("aud").as_string() == "https://chat.googleapis.com/");
    BOOST_TEST(!jwt.claims.contains("scope"));
    auto scoped = auth::detail::make_self_signed_jwt(key, {"s1"}, "", "", now, d).value();
    BOOST_TEST(auth::jwt_decode(scoped.value).value().claims.at("scope").as_string() == "s1");
}

BOOST_AUTO_TEST_CASE(the_refresh_request_carries_the_client_and_the_refresh_token) {
    auth::authorized_user u{.client_id = "cid", .client_secret = "s&cret", .refresh_token = "1//rt="};
    auto req = auth::detail::make_refresh_request(u, "/token");
    auto form = form_of(req.body);
    BOOST_TEST(form.get_or("grant_type") == "refresh_token");
    BOOST_TEST(form.get_or("client_id") == "cid");
    BOOST_TEST(form.get_or("client_secret") == "s&cret");
    BOOST_TEST(form.get_or("refresh_token") == "1//rt=");
}

BOOST_AUTO_TEST_CASE(a_token_response_gives_the_token_and_its_expiry) {
    gchat::detail::api_response res;
    res.status = 200;
    res.body = R"({"access_token":"ya29.abc","expires_in":3599,"token_type":"Bearer"})";
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
    gchat::diagnostics d;
    auto t = auth::detail::parse_token_response(res, now, d);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->value == "ya29.abc");
    BOOST_TEST((t->expires_at == now + 3599s));
    res.body = R"({"token_type":"Bearer"})";
    auto none = auth::detail::parse_token_response(res, now, d);
    BOOST_TEST((none.error() == gchat::errc::token_request_failed));
    BOOST_TEST(d.client_message == "the token endpoint's answer has no access_token");
}

BOOST_AUTO_TEST_CASE(oauth_error_bodies_map_to_error_codes_with_the_description) {
    struct error_case {
        unsigned status;
        const char* error;
        gchat::errc code;
    };
    const error_case cases[] = {
        {400, "invalid_grant", gchat::errc::invalid_grant},
        {401, "invalid_client", gchat::errc::invalid_client},
        {400, "invalid_scope", gchat::errc::invalid_scope},
        {401, "unauthorized_client", gchat::errc::unauthorized_client},
        {400, "unsupported_grant_type", gchat::errc::token_request_failed},
        {400, "invalid_request", gchat::errc::token_request_failed},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.error) {
            gchat::detail::api_response res;
            res.status = c.status;
            res.body = std::string(R"({"error":")") + c.error + R"(","error_description":"Why it failed."})";
            gchat::diagnostics d;
            auto t = auth::detail::parse_token_response(res, std::chrono::system_clock::now(), d);
            BOOST_TEST((t.error() == c.code));
            BOOST_TEST(d.http_status == c.status);
            BOOST_TEST(d.api_status == c.error);
            BOOST_TEST(d.server_message == "Why it failed.");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_non_oauth_error_body_is_a_failed_token_request) {
    gchat::detail::api_response res;
    res.status = 503;
    res.body = R"({"error":{"code":503,"message":"Unavailable.","status":"UNAVAILABLE"}})";
    gchat::diagnostics d;
    auto t = auth::detail::parse_token_response(res, std::chrono::system_clock::now(), d);
    BOOST_TEST((t.error() == gchat::errc::token_request_failed));
    BOOST_TEST(d.http_status == 503u);
    BOOST_TEST(d.api_status == "UNAVAILABLE");
    BOOST_TEST(d.server_message == "Unavailable.");
    res.status = 502;
    res.body = "<html>bad gateway</html>";
    t = auth::detail::parse_token_response(res, std::chrono::system_clock::now(), d);
    BOOST_TEST((t.error() == gchat::errc::token_request_failed));
    BOOST_TEST(d.client_message == "the token endpoint answered HTTP 502");
}

BOOST_AUTO_TEST_CASE(a_token_uri_splits_into_endpoint_and_target) {
    auto s = auth::detail::split_token_uri("https://oauth2.googleapis.com/token").value();
    BOOST_TEST(s.endpoint == "https://oauth2.googleapis.com");
    BOOST_TEST(s.target == "/token");
    auto e = auth::detail::split_token_uri("http://127.0.0.1:8080/a/token?x=1").value();
    BOOST_TEST(e.endpoint == "http://127.0.0.1:8080");
    BOOST_TEST(e.target == "/a/token?x=1");
    BOOST_TEST((auth::detail::split_token_uri("ftp://x/token").error() == gchat::errc::invalid_url));
}

BOOST_AUTO_TEST_CASE(an_api_key_is_appended_percent_encoded) {
    std::string t = "/v1/spaces/AAA";
    gchat::detail::append_api_key(t, "k y");
    BOOST_TEST(t == "/v1/spaces/AAA?key=k%20y");
    std::string q = "/v1/spaces?pageSize=1";
    gchat::detail::append_api_key(q, "abc");
    BOOST_TEST(q == "/v1/spaces?pageSize=1&key=abc");
    BOOST_TEST(!gchat::auth::api_key());
    BOOST_TEST(!!gchat::auth::api_key("x"));
}

BOOST_AUTO_TEST_SUITE_END()
