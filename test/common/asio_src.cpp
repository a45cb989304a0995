// Asio, Asio SSL and Beast compiled once for all of gchat's tests (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are defined for every test translation unit). The library itself
// stays header-only; this is only to keep the test build fast on small machines.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
