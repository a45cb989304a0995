// gchat::server verification, sans I/O: key sets, Cache-Control, claims, and the forged-token matrix.
#include <gchat/auth/jwt.hpp>
#include <gchat/server/detail/jwt_claims.hpp>
#include <gchat/server/detail/key_set.hpp>
#include <gchat/server/detail/verified_cache.hpp>
#include <gchat/server/verifier_options.hpp>
#include <gchat/testing/chat_keys.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "printing.hpp"
#include "test_data.hpp"

namespace {

namespace json = boost::json;
namespace server = gchat::server;
using gchat::errc;
using server::detail::sys_time;
using namespace std::chrono_literals;

const sys_time now = sys_time(std::chrono::seconds(1767225600)); // 2026-01-01T00:00:00Z
constexpr std::string_view project = "123456789012";
constexpr std::string_view endpoint = "https://bot.example.com/chat";
constexpr std::string_view add_on_sa = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";

struct keys {
    gchat::testing::chat_signing_key chat;  // Google Chat's key, in the key sets
    gchat::testing::chat_signing_key other; // anyone else's
    server::detail::key_set x509;           // chat's key as the x509 map
    server::detail::key_set jwks;           // chat's key as a JWK set
};

const keys& the_keys() {
    static const keys k = [] {
        auto a = gchat::testing::make_chat_signing_key();
        auto b = gchat::testing::make_chat_signing_key();
        if (!a || !b) throw std::runtime_error("no RSA key");
        auto x = server::detail::parse_key_set(gchat::testing::chat_x509_json(*a));
        auto j = server::detail::parse_key_set(gchat::testing::chat_jwks_json(*a));
        if (!x || !j) throw std::runtime_error("no key set");
        return keys{*a, *b, *x, *j};
    }();
    return k;
}

server::verifier_options options(server::audience_mode m) {
    server::verifier_options o;
    o.mode = m;
    o.audience = std::string(m == server::audience_mode::project_number ? project : endpoint);
    o.add_on_service_account = std::string(add_on_sa);
    return o;
}

std::int64_t secs(sys_time t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

json::object project_claims() {
    return {{"iss", "chat@system.gserviceaccount.com"},
            {"aud", project},
            {"iat", secs(now - 10s)},
            {"exp", secs(now + 3590s)}};
}

json::object id_claims(std::string_view email = "chat@system.gserviceaccount.com") {
    return {{"iss", "https://accounts.google.com"},
            {"aud", endpoint},
            {"azp", "100000000000000000042"},
            {"sub", "100000000000000000042"},
            {"email", email},
            {"email_verified", true},
            {"iat", secs(now - 10s)},
            {"exp", secs(now + 3590s)}};
}

std::string sign(const json::object& claims, const gchat::testing::chat_signing_key& by,
                 std::string_view kid) {
    auto t = gchat::auth::jwt_sign_rs256(claims, by.private_key_pem, kid);
    if (!t) throw std::runtime_error("cannot sign");
    return *t;
}

std::string sign(const json::object& claims) {
    return sign(claims, the_keys().chat, the_keys().chat.kid);
}

std::string forge(const json::object& header, const json::object& claims, std::string_view signature) {
    return gchat::auth::base64url_encode(json::serialize(header)) + "." +
           gchat::auth::base64url_encode(json::serialize(claims)) + "." +
           gchat::auth::base64url_encode(signature);
}

boost::system::error_code verify(std::string_view token, server::audience_mode m,
                                 const server::detail::key_set& ks) {
    auto r = server::detail::verify_token(token, ks, options(m), now);
    return r ? boost::system::error_code() : r.error();
}

boost::system::error_code verify_project(std::string_view token) {
    return verify(token, server::audience_mode::project_number, the_keys().x509);
}

boost::system::error_code verify_endpoint(std::string_view token) {
    return verify(token, server::audience_mode::endpoint_url, the_keys().jwks);
}

} // namespace

BOOST_AUTO_TEST_SUITE(verifier_core)

// ---- Accepted tokens --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(project_number_token_verifies_against_the_x509_map) {
    gchat::testing::chat_token_params p{gchat::testing::token_audience::project_number, std::string(project),
                                        now - 5s, 3600s};
    auto token = gchat::testing::sign_chat_token(the_keys().chat, p);
    BOOST_REQUIRE(token);
    auto r = server::detail::verify_token(*token, the_keys().x509,
                                          options(server::audience_mode::project_number), now);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->issuer == "chat@system.gserviceaccount.com");
    BOOST_TEST(r->audience == project);
    BOOST_TEST(r->email.empty());
    BOOST_TEST(r->key_id == the_keys().chat.kid);
    BOOST_TEST(secs(r->expires_at) == secs(now + 3595s));
}

BOOST_AUTO_TEST_CASE(endpoint_url_id_token_verifies_against_the_jwk_set) {
    gchat::testing::chat_token_params p{gchat::testing::token_audience::endpoint_url, std::string(endpoint),
                                        now - 5s, 3600s};
    auto token = gchat::testing::sign_chat_token(the_keys().chat, p);
    BOOST_REQUIRE(token);
    auto r = server::detail::verify_token(*token, the_keys().jwks,
                                          options(server::audience_mode::endpoint_url), now);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->issuer == "https://accounts.google.com");
    BOOST_TEST(r->email == "chat@system.gserviceaccount.com");
    BOOST_TEST(r->subject == "100000000000000000042");
}

BOOST_AUTO_TEST_CASE(id_token_with_the_short_issuer_verifies) {
    auto c = id_claims();
    c["iss"] = "accounts.google.com";
    BOOST_TEST(!verify_endpoint(sign(c)));
}

BOOST_AUTO_TEST_CASE(add_on_system_id_token_verifies_with_the_add_on_service_account) {
    auto r = server::detail::verify_token(sign(id_claims(add_on_sa)), the_keys().jwks,
                                          options(server::audience_mode::add_on), now);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->email == add_on_sa);
}

BOOST_AUTO_TEST_CASE(add_on_mode_rejects_the_chat_service_account_email) {
    BOOST_TEST(verify(sign(id_claims()), server::audience_mode::add_on, the_keys().jwks) ==
               errc::wrong_email);
}

BOOST_AUTO_TEST_CASE(add_on_mode_without_a_configured_account_rejects_every_email) {
    auto o = options(server::audience_mode::add_on);
    o.add_on_service_account.clear();
    auto r = server::detail::verify_token(sign(id_claims("")), the_keys().jwks, o, now);
    BOOST_TEST(r.error() == errc::wrong_email);
}

BOOST_AUTO_TEST_CASE(the_same_key_verifies_from_either_key_set_format) {
    auto token = sign(project_claims());
    BOOST_TEST(!verify(token, server::audience_mode::project_number, the_keys().jwks));
    BOOST_TEST(!verify(token, server::audience_mode::project_number, the_keys().x509));
}

// ---- The forged-token matrix: each rejected ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(forged_no_authorization_header) {
    BOOST_TEST(server::bearer_token("").error() == errc::missing_token);
    BOOST_TEST(server::bearer_token("   ").error() == errc::missing_token);
    BOOST_TEST(server::bearer_token("Bearer").error() == errc::missing_token);
    BOOST_TEST(server::bearer_token("Bearer   ").error() == errc::missing_token);
    BOOST_TEST(verify_project("") == errc::missing_token);
}

BOOST_AUTO_TEST_CASE(forged_not_bearer) {
    BOOST_TEST(server::bearer_token("Basic dXNlcjpwYXNz").error() == errc::not_bearer);
    BOOST_TEST(server::bearer_token("Bearertoken").error() == errc::not_bearer);
    BOOST_TEST(server::bearer_token(sign(project_claims())).error() == errc::not_bearer);
}

BOOST_AUTO_TEST_CASE(bearer_token_is_extracted_case_insensitively) {
    BOOST_TEST(server::bearer_token("Bearer abc.def.ghi").value() == "abc.def.ghi");
    BOOST_TEST(server::bearer_token("  bearer \t abc.def.ghi  ").value() == "abc.def.ghi");
    BOOST_TEST(server::bearer_token("BEARER x").value() == "x");
}

BOOST_AUTO_TEST_CASE(forged_garbage) {
    BOOST_TEST(verify_project("garbage") == errc::invalid_token);
    BOOST_TEST(verify_project("a.b.c") == errc::invalid_token);
    BOOST_TEST(verify_project("...") == errc::invalid_token);
    BOOST_TEST(verify_project("eyJ.eyJ.sig.extra") == errc::invalid_token);
    BOOST_TEST(verify_project(forge({{"alg", "RS256"}}, {}, "x") + "!") == errc::invalid_token);
}

BOOST_AUTO_TEST_CASE(forged_alg_none) {
    auto token = forge({{"alg", "none"}, {"kid", the_keys().chat.kid}}, project_claims(), "");
    BOOST_TEST(verify_project(token) == errc::unsupported_algorithm);
    auto no_alg = forge({{"kid", the_keys().chat.kid}}, project_claims(), "");
    BOOST_TEST(verify_project(no_alg) == errc::unsupported_algorithm);
}

BOOST_AUTO_TEST_CASE(forged_hs256_signed_with_the_public_key) {
    const auto& pem = the_keys().chat.public_key_pem;
    json::object header{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", the_keys().chat.kid}};
    std::string input = gchat::auth::base64url_encode(json::serialize(header)) + "." +
                        gchat::auth::base64url_encode(json::serialize(project_claims()));
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t mac_len = 0;
    BOOST_REQUIRE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, pem.data(), pem.size(),
                            reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
                            sizeof mac, &mac_len) != nullptr);
    std::string token =
        input + "." + gchat::auth::base64url_encode(std::string_view(reinterpret_cast<char*>(mac), mac_len));
    BOOST_TEST(verify_project(token) == errc::unsupported_algorithm);
    // The same HMAC presented as RS256 is just a bad signature.
    json::object rs{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", the_keys().chat.kid}};
    auto relabelled = forge(rs, project_claims(), std::string_view(reinterpret_cast<char*>(mac), mac_len));
    BOOST_TEST(verify_project(relabelled) == errc::invalid_token);
}

BOOST_AUTO_TEST_CASE(forged_unknown_kid) {
    BOOST_TEST(verify_project(sign(project_claims(), the_keys().chat, "0123456789abcdef")) ==
               errc::no_matching_key);
    BOOST_TEST(verify_project(sign(project_claims(), the_keys().chat, "")) == errc::no_matching_key);
}

BOOST_AUTO_TEST_CASE(forged_valid_signature_by_another_key) {
    auto token = sign(project_claims(), the_keys().other, the_keys().chat.kid);
    BOOST_TEST(verify_project(token) == errc::invalid_token);
    BOOST_TEST(verify_endpoint(sign(id_claims(), the_keys().other, the_keys().chat.kid)) ==
               errc::invalid_token);
}

BOOST_AUTO_TEST_CASE(forged_expired) {
    auto c = project_claims();
    c["iat"] = secs(now - 7200s);
    c["exp"] = secs(now - 3600s);
    BOOST_TEST(verify_project(sign(c)) == errc::token_expired);
}

BOOST_AUTO_TEST_CASE(forged_iat_in_the_future) {
    auto c = project_claims();
    c["iat"] = secs(now + 600s);
    c["exp"] = secs(now + 4200s);
    BOOST_TEST(verify_project(sign(c)) == errc::token_not_yet_valid);
}

BOOST_AUTO_TEST_CASE(forged_nbf_in_the_future) {
    auto c = id_claims();
    c["nbf"] = secs(now + 600s);
    BOOST_TEST(verify_endpoint(sign(c)) == errc::token_not_yet_valid);
}

BOOST_AUTO_TEST_CASE(forged_wrong_audience) {
    auto c = project_claims();
    c["aud"] = "999999999999";
    BOOST_TEST(verify_project(sign(c)) == errc::wrong_audience);
    auto d = id_claims();
    d["aud"] = "https://evil.example.com/chat";
    BOOST_TEST(verify_endpoint(sign(d)) == errc::wrong_audience);
    d["aud"] = json::array{endpoint, "https://evil.example.com/chat"};
    BOOST_TEST(verify_endpoint(sign(d)) == errc::wrong_audience);
    d.erase("aud");
    BOOST_TEST(verify_endpoint(sign(d)) == errc::wrong_audience);
}

BOOST_AUTO_TEST_CASE(an_empty_configured_audience_rejects_every_token) {
    auto o = options(server::audience_mode::project_number);
    o.audience.clear();
    auto c = project_claims();
    c["aud"] = "";
    BOOST_TEST(server::detail::verify_token(sign(c), the_keys().x509, o, now).error() ==
               errc::wrong_audience);
}

BOOST_AUTO_TEST_CASE(forged_wrong_issuer) {
    auto c = project_claims();
    c["iss"] = "https://accounts.google.com";
    BOOST_TEST(verify_project(sign(c)) == errc::wrong_issuer);
    auto d = id_claims();
    d["iss"] = "chat@system.gserviceaccount.com";
    BOOST_TEST(verify_endpoint(sign(d)) == errc::wrong_issuer);
    d["iss"] = "https://accounts.google.com.evil.example";
    BOOST_TEST(verify_endpoint(sign(d)) == errc::wrong_issuer);
}

BOOST_AUTO_TEST_CASE(forged_email_not_verified) {
    auto c = id_claims();
    c["email_verified"] = false;
    BOOST_TEST(verify_endpoint(sign(c)) == errc::email_not_verified);
    c.erase("email_verified");
    BOOST_TEST(verify_endpoint(sign(c)) == errc::email_not_verified);
}

BOOST_AUTO_TEST_CASE(forged_wrong_email) {
    BOOST_TEST(verify_endpoint(sign(id_claims("someone@example.com"))) == errc::wrong_email);
    auto c = id_claims();
    c.erase("email");
    BOOST_TEST(verify_endpoint(sign(c)) == errc::wrong_email);
}

BOOST_AUTO_TEST_CASE(forged_truncated_signature) {
    auto token = sign(project_claims());
    BOOST_TEST(verify_project(token.substr(0, token.size() - 4)) == errc::invalid_token);
    BOOST_TEST(verify_project(token.substr(0, token.rfind('.') + 1)) == errc::invalid_token);
}

BOOST_AUTO_TEST_CASE(forged_token_over_8_kib) {
    auto c = project_claims();
    c["pad"] = std::string(8 * 1024, 'x');
    auto token = sign(c);
    BOOST_TEST(token.size() > 8192u);
    BOOST_TEST(verify_project(token) == errc::token_too_large);
    BOOST_TEST(verify_project(std::string(8193, 'a')) == errc::token_too_large);
}

BOOST_AUTO_TEST_CASE(missing_exp_or_iat_is_invalid) {
    auto c = project_claims();
    c.erase("exp");
    BOOST_TEST(verify_project(sign(c)) == errc::invalid_token);
    auto d = project_claims();
    d["iat"] = "yesterday";
    BOOST_TEST(verify_project(sign(d)) == errc::invalid_token);
}

BOOST_AUTO_TEST_CASE(error_messages_never_echo_the_token) {
    auto token = sign(project_claims(), the_keys().other, the_keys().chat.kid);
    auto ec = verify_project(token);
    BOOST_TEST(ec.message().find(token.substr(0, 20)) == std::string::npos);
    BOOST_TEST(ec.message() == "invalid token");
}

// ---- Clock skew ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(exp_within_the_skew_is_accepted_and_one_second_past_is_not) {
    auto c = project_claims();
    c["iat"] = secs(now - 3600s);
    c["exp"] = secs(now - 60s);
    BOOST_TEST(!verify_project(sign(c)));
    c["exp"] = secs(now - 61s);
    BOOST_TEST(verify_project(sign(c)) == errc::token_expired);
}

BOOST_AUTO_TEST_CASE(iat_within_the_skew_is_accepted_and_one_second_more_is_not) {
    auto c = project_claims();
    c["iat"] = secs(now + 60s);
    BOOST_TEST(!verify_project(sign(c)));
    c["iat"] = secs(now + 61s);
    BOOST_TEST(verify_project(sign(c)) == errc::token_not_yet_valid);
}

BOOST_AUTO_TEST_CASE(clock_skew_is_bounded_to_five_minutes) {
    auto o = options(server::audience_mode::project_number);
    o.clock_skew = 24h;
    BOOST_TEST(server::detail::effective_skew(o).count() == 300);
    auto c = project_claims();
    c["iat"] = secs(now - 7200s);
    c["exp"] = secs(now - 301s);
    BOOST_TEST(server::detail::verify_token(sign(c), the_keys().x509, o, now).error() == errc::token_expired);
}

BOOST_AUTO_TEST_CASE(check_time_window_rechecks_a_remembered_token) {
    auto o = options(server::audience_mode::project_number);
    BOOST_TEST(!server::detail::check_time_window(now + 10s, now - 10s, o, now));
    BOOST_TEST(server::detail::check_time_window(now - 61s, now - 100s, o, now) == errc::token_expired);
    BOOST_TEST(server::detail::check_time_window(now + 600s, now + 61s, o, now) == errc::token_not_yet_valid);
}

// ---- Key sets ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(x509_map_fixture_gives_a_key_per_certificate) {
    auto ks = server::detail::parse_key_set(gchat::test::read_data("verifier/chat_x509.json"));
    BOOST_REQUIRE(ks);
    BOOST_TEST(ks->keys.size() == 2u);
    BOOST_TEST(ks->find("1a2b3c4d5e6f708192a3b4c5d6e7f80911223344") != nullptr);
    BOOST_TEST(ks->find("99aa88bb77cc66dd55ee44ff3300221100aabbcc") != nullptr);
}

BOOST_AUTO_TEST_CASE(jwk_set_fixture_skips_non_rsa_and_non_rs256_keys) {
    auto ks = server::detail::parse_key_set(gchat::test::read_data("verifier/google_jwks.json"));
    BOOST_REQUIRE(ks);
    BOOST_TEST(ks->keys.size() == 2u);
    BOOST_TEST(ks->find("6f7254101f56e41cf35c9926de84a2d552b4c6f1") != nullptr);
    BOOST_TEST(ks->find("ec-key-skipped") == nullptr);
    BOOST_TEST(ks->find("rs512-key-skipped") == nullptr);
}

BOOST_AUTO_TEST_CASE(unusable_key_set_documents_are_errors) {
    BOOST_TEST(server::detail::parse_key_set("not json").error() == errc::invalid_json);
    BOOST_TEST(server::detail::parse_key_set("[]").error() == errc::invalid_json);
    BOOST_TEST(server::detail::parse_key_set("{}").error() == errc::invalid_credentials);
    BOOST_TEST(server::detail::parse_key_set(R"({"keys":[]})").error() == errc::invalid_credentials);
    BOOST_TEST(server::detail::parse_key_set(R"({"keys":{}})").error() == errc::invalid_credentials);
    BOOST_TEST(server::detail::parse_key_set(
                   R"({"k":"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"})")
                   .error() == errc::invalid_credentials);
}

BOOST_AUTO_TEST_CASE(jwk_with_a_short_or_malformed_modulus_is_refused) {
    BOOST_TEST(gchat::auth::rsa_public_key::from_jwk("AQAB", "AQAB").error() == errc::invalid_credentials);
    BOOST_TEST(gchat::auth::rsa_public_key::from_jwk("!!", "AQAB").error() == errc::invalid_credentials);
    BOOST_TEST(gchat::auth::rsa_public_key::from_jwk(the_keys().chat.n, "").error() ==
               errc::invalid_credentials);
    BOOST_TEST(gchat::auth::rsa_public_key::from_jwk(the_keys().chat.n, the_keys().chat.e).has_value());
}

BOOST_AUTO_TEST_CASE(parsed_key_verifies_like_the_pem) {
    auto token = sign(project_claims());
    auto t = gchat::auth::jwt_decode(token);
    BOOST_REQUIRE(t);
    auto key = gchat::auth::rsa_public_key::from_pem(the_keys().chat.public_key_pem);
    BOOST_REQUIRE(key);
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(*t, *key));
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(*t, the_keys().chat.public_key_pem));
    BOOST_TEST(gchat::auth::jwt_verify_rs256(*t, gchat::auth::rsa_public_key{}) == errc::invalid_credentials);
}

// ---- Cache-Control -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(max_age_is_read_from_googles_cache_control) {
    auto a = server::detail::parse_max_age("public, max-age=19845, must-revalidate, no-transform");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->count() == 19845);
    BOOST_TEST(server::detail::parse_max_age("MAX-AGE=7").value().count() == 7);
    BOOST_TEST(server::detail::parse_max_age("max-age=\"30\"").value().count() == 30);
}

BOOST_AUTO_TEST_CASE(missing_or_malformed_max_age_is_none) {
    BOOST_TEST(!server::detail::parse_max_age("").has_value());
    BOOST_TEST(!server::detail::parse_max_age("public").has_value());
    BOOST_TEST(!server::detail::parse_max_age("max-age=abc").has_value());
    BOOST_TEST(!server::detail::parse_max_age("max-age=-5").has_value());
    BOOST_TEST(!server::detail::parse_max_age("max-age=").has_value());
}

BOOST_AUTO_TEST_CASE(no_cache_means_zero_max_age) {
    BOOST_TEST(server::detail::parse_max_age("no-cache, max-age=600").value().count() == 0);
    BOOST_TEST(server::detail::parse_max_age("no-store").value().count() == 0);
}

BOOST_AUTO_TEST_CASE(key_set_lifetime_is_clamped_between_a_minute_and_a_day) {
    server::verifier_options o;
    BOOST_TEST(server::detail::key_set_lifetime("max-age=5", o).count() == 60);
    BOOST_TEST(server::detail::key_set_lifetime("max-age=999999", o).count() == 86400);
    BOOST_TEST(server::detail::key_set_lifetime("max-age=3600", o).count() == 3600);
    BOOST_TEST(server::detail::key_set_lifetime("", o).count() == 300);
}

// ---- Verified-token memory -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(verified_cache_is_bounded_and_evicts_expired_then_oldest) {
    server::detail::verified_cache cache(2);
    server::verified_token live;
    live.expires_at = now + 3600s;
    server::verified_token dead;
    dead.expires_at = now - 1s;
    cache.insert("a", dead, now, now);
    cache.insert("b", live, now, now);
    cache.insert("c", live, now, now); // full: the expired "a" goes
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(cache.find("a") == nullptr);
    cache.insert("d", live, now, now); // full, nothing expired: the oldest "b" goes
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(cache.find("b") == nullptr);
    BOOST_TEST(cache.find("c") != nullptr);
    BOOST_TEST(cache.find("d") != nullptr);
    BOOST_TEST(cache.find("d2") == nullptr);
}

BOOST_AUTO_TEST_CASE(verified_cache_of_size_zero_remembers_nothing) {
    server::detail::verified_cache cache(0);
    cache.insert("a", server::verified_token{}, now, now);
    BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
