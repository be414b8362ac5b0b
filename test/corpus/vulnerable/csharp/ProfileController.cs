// Labels: `ruleid:`.
using System.Net.Http;
using System.Xml;
using Microsoft.AspNetCore.Mvc;

public class ProfileController : Controller
{
    private readonly HttpClient client = new HttpClient();

    public async Task<IActionResult> Avatar()
    {
        // ruleid: tainted-ssrf
        var bytes = await client.GetByteArrayAsync(Request.Query["avatarUrl"]);
        var fixedBytes = await client.GetByteArrayAsync("https://cdn.acme.com/default.png");
        return File(bytes, "image/png");
    }

    public IActionResult Bio(string bio)
    {
        // ruleid: tainted-html
        return Content("<div>" + bio + "</div>", "text/html");
    }

    public XmlDocument Load(string xml)
    {
        var settings = new XmlReaderSettings();
        settings.DtdProcessing = DtdProcessing.Parse;
        var doc = new XmlDocument();
        // ruleid: xxe-enabled
        doc.Load(XmlReader.Create(new System.IO.StringReader(xml), settings));
        return doc;
    }
}
