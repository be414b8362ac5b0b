// XML import, directory look-up and a URL fetcher in a servlet. Labels: `ruleid:`.
package com.acme.web;

import java.io.InputStream;
import java.net.URL;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class XmlImport extends HttpServlet {
    private DirContext ctx;

    Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        // ruleid: xxe-enabled
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseSafely(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(in);
    }

    void sax(InputStream in) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        // ruleid: xxe-enabled
        spf.newSAXParser().parse(in, new org.xml.sax.helpers.DefaultHandler());
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String user = request.getParameter("user");
        // ruleid: tainted-ldap-xpath
        ctx.search("ou=people,dc=acme,dc=com", "(uid=" + user + ")", new SearchControls());
        ctx.search("ou=people,dc=acme,dc=com", "(uid={0})", new Object[] { user }, new SearchControls());

        XPath xpath = XPathFactory.newInstance().newXPath();
        Document doc = parse(request.getInputStream());
        // ruleid: tainted-ldap-xpath
        String role = xpath.evaluate("//user[@name='" + user + "']/role", doc);

        // ruleid: tainted-ssrf
        InputStream remote = new URL(request.getParameter("feed")).openStream();
        InputStream fixed = new URL("https://feeds.acme.com/latest.xml").openStream();

        // ruleid: tainted-html
        response.getWriter().println("<p>Imported for " + user + "</p>");
        response.getWriter().println("<p>Imported " + role.length() + " roles</p>");
    }
}
