// gchat::errc, gchat::api_code and gchat::diagnostics.
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>

#include <boost/test/unit_test.hpp>

#include "printing.hpp"

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(api_code_compares_with_an_error_code) {
    boost::system::error_code ec = gchat::api_code::not_found;
    BOOST_TEST(ec == gchat::api_code::not_found);
    BOOST_TEST(ec != gchat::api_code::already_exists);
    BOOST_TEST(ec.message() == "NOT_FOUND");
    BOOST_TEST(std::string(ec.category().name()) == "gchat.api");
}

BOOST_AUTO_TEST_CASE(client_errors_have_their_own_category) {
    boost::system::error_code ec = gchat::errc::invalid_message_id;
    BOOST_TEST(std::string(ec.category().name()) == "gchat.client");
    BOOST_TEST(ec.message() == "invalid client-assigned message id");
    BOOST_TEST(ec != gchat::api_code::invalid_argument);
}

BOOST_AUTO_TEST_CASE(api_code_names_round_trip) {
    for (int i = 0; i <= 16; ++i) {
        auto c = static_cast<gchat::api_code>(i);
        BOOST_TEST((gchat::api_code_from_string(gchat::to_string(c)) == c));
    }
    BOOST_TEST((gchat::api_code_from_string("SOMETHING_NEW") == gchat::api_code::unknown));
}

BOOST_AUTO_TEST_CASE(http_status_maps_both_ways_as_google_documents) {
    BOOST_TEST(gchat::http_status_of(gchat::api_code::resource_exhausted) == 429u);
    BOOST_TEST(gchat::http_status_of(gchat::api_code::already_exists) == 409u);
    BOOST_TEST(gchat::http_status_of(gchat::api_code::unauthenticated) == 401u);
    BOOST_TEST((gchat::api_code_from_http_status(503) == gchat::api_code::unavailable));
    BOOST_TEST((gchat::api_code_from_http_status(502) == gchat::api_code::internal));
    BOOST_TEST((gchat::api_code_from_http_status(418) == gchat::api_code::failed_precondition));
}

BOOST_AUTO_TEST_CASE(ok_is_not_a_failure) {
    boost::system::error_code ec = gchat::api_code::ok;
    BOOST_TEST(!ec.failed());
}

BOOST_AUTO_TEST_CASE(diagnostics_summary_keeps_client_and_server_apart) {
    gchat::diagnostics d;
    d.client_message = "retried 3 times";
    d.http_status = 404;
    d.api_status = "NOT_FOUND";
    d.server_message = "Message not found.";
    BOOST_TEST(d.summary() == "retried 3 times; HTTP 404 NOT_FOUND: Message not found.");
    d.clear();
    BOOST_TEST(d.summary().empty());
    BOOST_TEST((d == gchat::diagnostics{}));
}

BOOST_AUTO_TEST_CASE(error_with_diagnostics_carries_both) {
    gchat::diagnostics d;
    d.server_message = "no such space";
    d.http_status = 404;
    gchat::error_with_diagnostics e(gchat::api_code::not_found, d);
    BOOST_TEST(e.code() == gchat::api_code::not_found);
    BOOST_TEST(e.get_diagnostics().server_message == "no such space");
    BOOST_TEST(std::string(e.what()).find("no such space") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
