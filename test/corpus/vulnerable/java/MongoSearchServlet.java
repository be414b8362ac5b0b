import com.mongodb.client.MongoCollection;
import org.bson.Document;

public class MongoSearchServlet extends HttpServlet {
  private MongoCollection<Document> users;

  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // ruleid: tainted-nosql
    Document filter = Document.parse(request.getParameter("filter"));
    response.setContentType("application/json");
    response.getWriter().write(String.valueOf(users.countDocuments(filter)));
  }
}
