// The configurations inside Click's own .clicktest scripts (read from
// ../shared/click-tests, or $SNF_SHARED_DIR/click-tests) must parse without errors:
// both "click -e '...'" expressions and "%file SCRIPT" sections. A few are checked in
// detail: names, ports and chains written without semicolons.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lang_test_support.hh"

namespace snf::click {
namespace {

std::filesystem::path tests_dir() {
    const char* env = std::getenv("SNF_SHARED_DIR");
    std::string shared = env && *env ? env : SNF_DEFAULT_SHARED_DIR;
    return std::filesystem::path(shared) / "click-tests";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The Click configurations a clicktest script runs: the text of "-e" arguments in its
// %script section and the contents of its "%file SCRIPT" section.
std::vector<std::string> configurations(const std::string& clicktest) {
    std::vector<std::string> configs;
    std::istringstream lines(clicktest);
    std::string line, section, script, file_script;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] == '%') {
            section = line;
            continue;
        }
        if (section == "%script")
            script += line + "\n";
        else if (section == "%file SCRIPT")
            file_script += line + "\n";
    }
    if (!file_script.empty())
        configs.push_back(file_script);
    for (std::size_t at = script.find("-e "); at != std::string::npos; at = script.find("-e ", at + 3)) {
        std::size_t open = at + 3;
        if (open >= script.size() || (script[open] != '\'' && script[open] != '"'))
            continue;
        std::size_t close = script.find(script[open], open + 1);
        if (close != std::string::npos)
            configs.push_back(script.substr(open + 1, close - open - 1));
    }
    return configs;
}

TEST(LangClicktestConfigsTest, EveryConfigurationParses) {
    std::filesystem::path dir = tests_dir();
    ASSERT_TRUE(std::filesystem::is_directory(dir))
        << dir << " is missing: the shared folder must sit beside the repository or be named by SNF_SHARED_DIR";
    std::size_t parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".clicktest")
            continue;
        for (const std::string& config : configurations(read_file(entry.path()))) {
            FlatRouter router;
            Diagnostics diagnostics;
            EXPECT_TRUE(parse_router(config, entry.path().filename().string(), {}, router, diagnostics))
                << entry.path() << "\n" << diagnostics.to_string() << config;
            EXPECT_FALSE(router.elements.empty()) << entry.path();
            ++parsed;
        }
    }
    EXPECT_GE(parsed, 7u);
}

TEST(LangClicktestConfigsTest, ClassifierTestNamesItsElements) {
    std::string text = read_file(tests_dir() / "Classifier-01.clicktest");
    ASSERT_FALSE(text.empty());
    auto configs = configurations(text);
    ASSERT_EQ(configs.size(), 1u);
    auto p = testing::parse(configs[0]);
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(testing::names(p.router), (std::vector<std::string>{"i", "c"}));
    EXPECT_EQ(testing::element(p.router, "c")->config, "1/01, -");
    EXPECT_TRUE(testing::connected(p.router, "c", 1, "i", 0));
}

TEST(LangClicktestConfigsTest, StatementsWithoutSemicolons) {
    // The shape of IPRewriter-02's configuration: one statement per line, no ';'.
    auto p = testing::parse("i :: Idle\n"
                            "rw :: IPRewriter(pattern 192.0.2.1 1 - - 0 1,\n"
                            "  pattern 192.0.2.1 - - - 0 1)\n"
                            "i -> [0]rw i[1] -> [1]rw i[2] -> [2]rw\n"
                            "rw[0] -> i rw[1] -> i\n");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(testing::connections(p.router),
              (std::vector<std::string>{"i [0] -> [0] rw", "i [1] -> [1] rw", "i [2] -> [2] rw", "rw [0] -> [0] i",
                                        "rw [1] -> [0] i"}));
}

TEST(LangClicktestConfigsTest, InputAndOutputPortsOnOneAnonymousElement) {
    auto p = testing::parse("FromIPSummaryDump(IN1, STOP true)\n\t-> [0]rw :: TCPRewriter(drop)[0]\n"
                            "\t-> ToIPSummaryDump(OUT1);\nIdle -> [1]rw[1] -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_TRUE(testing::connected(p.router, "FromIPSummaryDump@1", 0, "rw", 0));
    EXPECT_TRUE(testing::connected(p.router, "rw", 0, "ToIPSummaryDump@3", 0));
    EXPECT_TRUE(testing::connected(p.router, "Idle@4", 0, "rw", 1));
    EXPECT_TRUE(testing::connected(p.router, "rw", 1, "Discard@5", 0));
}

}  // namespace
}  // namespace snf::click
