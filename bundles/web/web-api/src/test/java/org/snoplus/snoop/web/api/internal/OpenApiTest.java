package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.admin.ProcessorState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** openapi.json tells the truth: every path it describes is served, with every parameter it names. */
public class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A value for each path parameter, such that the fake store has an answer. */
    private static final Map<String, String> EXAMPLES = Map.of("name", "count", "field", "data.count", "key", "count",
            "range", "day");

    private FakeQueryService store;
    private Api api;
    private JsonNode doc;

    @Before
    public void setUp() throws Exception {
        store = new FakeQueryService();
        for (long t = ApiTest.NOW - 60_000; t < ApiTest.NOW; t += 2000) {
            store.add("count", t, ApiTest.data("count", 2000L));
            store.add("rate", t, ApiTest.data("rate", 10.0));
        }
        api = new Api(() -> store, () -> ApiTest.admin(ApiTest.info("count", ProcessorState.ACTIVE)), ApiTest.CLOCK,
                ApiSettings.DEFAULTS);
        doc = JSON.readTree(api.handle(ApiRequest.get("/api/openapi.json")).body());
    }

    @Test
    public void itIsOpenApi3WithEveryPathOfTheApi() {
        assertTrue(doc.get("openapi").asText().startsWith("3.0."));
        Set<String> paths = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        // adding a route to Api means describing it, and this list
        assertEquals(new TreeSet<>(List.of("/api/openapi.json", "/api/v1/processors", "/api/v1/latest/{name}",
                "/api/v1/latest/{name}/{field}", "/api/v1/series/{name}", "/api/v1/aggregate/{name}", "/api/v1/documents/{name}",
                "/proc/{name}/{key}",
                "/proc/{name}/{key}/{range}")), paths);
    }

    @Test
    public void everyPathItDescribesIsServedWithEveryQueryParameterItNames() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode get = p.getValue().get("get");
            String path = p.getKey();
            List<String> query = new ArrayList<>();
            for (JsonNode param : get.path("parameters")) {
                JsonNode def = resolve(param);
                String name = def.get("name").asText();
                if (def.get("in").asText().equals("path")) {
                    assertTrue(path + " has {" + name + "}", path.contains("{" + name + "}"));
                    path = path.replace("{" + name + "}", EXAMPLES.get(name));
                } else if (!def.has("example")) {
                    throw new AssertionError(p.getKey() + ": query parameter " + name + " has no example");
                } else if (def.get("example").isObject()) {
                    // free-form parameters (woodstock's cuts): each example key is a parameter
                    def.get("example").fields().forEachRemaining(e -> query.add(e.getKey() + "=" + e.getValue().asText()));
                } else if (def.get("example").isArray()) {
                    def.get("example").forEach(v -> query.add(name + "=" + v.asText()));
                } else {
                    query.add(name + "=" + def.get("example").asText());
                }
            }
            assertTrue(path, !path.contains("{"));
            ApiResponse bare = api.handle(ApiRequest.get(path));
            assertEquals(path + ": " + bare.text(), 200, bare.status());
            if (!query.isEmpty()) {
                String withQuery = path + "?" + String.join("&", query);
                ApiResponse r = api.handle(ApiRequest.get(withQuery));
                assertEquals(withQuery + ": " + r.text(), 200, r.status());
            }
            for (Iterator<String> codes = get.get("responses").fieldNames(); codes.hasNext();) {
                String code = codes.next();
                assertTrue(p.getKey() + " answers " + code, Set.of("200", "400", "404", "503").contains(code));
            }
        }
    }

    @Test
    public void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertTrue(refs.size() > 10);
        for (String ref : refs) {
            assertTrue(ref, ref.startsWith("#/"));
            assertTrue(ref, !doc.at(ref.substring(1)).isMissingNode());
        }
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
