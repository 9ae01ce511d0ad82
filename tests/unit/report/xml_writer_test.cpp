// XML writing and Nmap's escaping.
#include "report/xml_writer.hpp"

#include <gtest/gtest.h>

namespace whorl::report {
namespace {

TEST(XmlWriter, EscapesLikeNmap) {
    EXPECT_EQ(xml_escape("a<b>&\"c'\n"), "a&lt;b&gt;&amp;&quot;c&apos;&#xa;");
    EXPECT_EQ(xml_escape("OS:SCAN(V=7.93%E=4)"), "OS:SCAN(V=7.93%E=4)");
    EXPECT_EQ(xml_escape(std::string("\x01\x7f", 2)), "&#x1;&#x7f;");
}

TEST(XmlWriter, EmptyElementsSelfCloseAndNestingCloses) {
    std::string out;
    XmlWriter w(out);
    w.open("os").raw("");
    w.open("portused").attr("state", "open").attr("portid", 80).close();
    w.open("osmatch").attr("name", "Linux 5.3 - 5.4").open("cpe").text("cpe:/o:linux:linux_kernel:5").close(false).close();
    w.close();
    EXPECT_EQ(out,
              "<os><portused state=\"open\" portid=\"80\"/>\n"
              "<osmatch name=\"Linux 5.3 - 5.4\"><cpe>cpe:/o:linux:linux_kernel:5</cpe></osmatch>\n"
              "</os>\n");
    EXPECT_EQ(w.depth(), 0u);
}

}  // namespace
}  // namespace whorl::report
