// Test helper: reads fixtures from test/data (GCHAT_TEST_DATA_DIR is set by the build).
#ifndef GCHAT_TEST_UNIT_TEST_DATA_HPP
#define GCHAT_TEST_UNIT_TEST_DATA_HPP

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gchat::test {

inline std::string read_data(const std::string& relative) {
    std::string path = std::string(GCHAT_TEST_DATA_DIR) + "/" + relative;
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open test data " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

} // namespace gchat::test

#endif
