package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint of the start-up floor: how soon the smallest Quarkus REST application answers. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}
