// The Boost.Test module of every gchat test executable (linked dynamically: BOOST_TEST_DYN_LINK).
#define BOOST_TEST_MODULE gchat
#include <boost/test/unit_test.hpp>
