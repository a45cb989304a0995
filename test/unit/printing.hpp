// How Boost.Test prints gchat values in failure messages (found by ADL).
#ifndef GCHAT_TEST_UNIT_PRINTING_HPP
#define GCHAT_TEST_UNIT_PRINTING_HPP

#include <gchat/error.hpp>
#include <gchat/model/timestamp.hpp>

#include <ostream>

namespace gchat {
inline std::ostream& boost_test_print_type(std::ostream& os, errc e) {
    return os << make_error_code(e).message() << " [gchat.client:" << static_cast<int>(e) << ']';
}
inline std::ostream& boost_test_print_type(std::ostream& os, api_code c) {
    return os << to_string(c);
}
inline std::ostream& boost_test_print_type(std::ostream& os, const timestamp& t) {
    return os << to_string(t) << " {" << t.seconds << ", " << t.nanos << '}';
}
} // namespace gchat

#endif
