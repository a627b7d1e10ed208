package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.query.QueryService;

/**
 * Documents sampled in a real framework reach the embedded store and come back through the query
 * service and the REST API over real HTTP.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QueryRestIT extends SnoopTestSupport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @javax.inject.Inject
    private QueryService query;

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    @Test
    @SuppressWarnings("unchecked")
    public void sampledDocumentsAreStoredAndServedOverHttp() throws Exception {
        configure("snoop.core", Map.of("sample.period.ms", 100L));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, "ticks");
        ServiceRegistration<?> reg = context.registerService(Processor.class, new Processor<Object>() {
            long samples;

            public Class<Object> eventType() {
                return null;
            }

            public void event(Object e) {
            }

            public Map<String, Object> sample() {
                samples++;
                return Map.of("n", samples, "even", samples % 2 == 0);
            }
        }, props);
        try {
            waitFor("documents in the store", 10_000, () -> {
                try {
                    return query.latest("ticks") != null && query.names().contains("ticks")
                            && ((Number) query.latest("ticks", "data.n")).longValue() >= 5;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals("embedded", query.store());

            HttpResponse<String> latest = get("/api/v1/latest/ticks");
            assertEquals(200, latest.statusCode());
            Map<String, Object> doc = JSON.readValue(latest.body(), Map.class);
            assertEquals("ticks", doc.get("name"));
            assertTrue(latest.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

            HttpResponse<String> series = get("/api/v1/series/ticks?fields=data.n&from=-1m&cut=ticks.data.even=true");
            assertEquals(series.body(), 200, series.statusCode());
            Map<String, Object> s = JSON.readValue(series.body(), Map.class);
            List<List<Object>> points = (List<List<Object>>) s.get("points");
            assertTrue(series.body(), points.size() >= 2);
            for (List<Object> p : points) {
                assertEquals("only even samples pass the cut", 0, ((Number) p.get(1)).longValue() % 2);
            }

            HttpResponse<String> woodstock = get("/proc/ticks/n");
            assertEquals(200, woodstock.statusCode());
            assertTrue(woodstock.body(), Long.parseLong(woodstock.body().trim()) >= 5);

            HttpResponse<String> bad = get("/api/v1/series/ticks?from=yesterday-ish");
            assertEquals(400, bad.statusCode());
            Map<String, Object> error = JSON.readValue(bad.body(), Map.class);
            assertEquals("from", error.get("parameter"));
            assertNotNull(error.get("error"));

            assertEquals(404, get("/api/v1/latest/nosuchprocessor").statusCode());
            assertEquals(200, get("/api/openapi.json").statusCode());
        } finally {
            reg.unregister();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
