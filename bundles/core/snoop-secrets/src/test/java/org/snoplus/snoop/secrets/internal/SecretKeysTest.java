package org.snoplus.snoop.secrets.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

public class SecretKeysTest {

    @Test
    public void passwordKeysAreRemovedAndWhereThePasswordIsIsKept() {
        Hashtable<String, Object> p = new Hashtable<>(Map.of("service.pid", "snoop.writer.couchdb~main",
                "url", "http://127.0.0.1:5984", "username", "snoop", "password", "hunter22",
                "smtp.password", "x", "Admin_Password", "y", "password.file", "/etc/snoop/couchdb.pw",
                "password.env", "SNOOP_PW", "passwords.seen", 3));
        new SecretKeys().modifyConfiguration(null, p);
        assertEquals(new TreeMap<>(Map.of("service.pid", "snoop.writer.couchdb~main", "url", "http://127.0.0.1:5984",
                "username", "snoop", "password.file", "/etc/snoop/couchdb.pw", "password.env", "SNOOP_PW",
                "passwords.seen", 3)), new TreeMap<>(Collections.list(p.keys()).stream()
                        .collect(java.util.stream.Collectors.toMap(k -> k, p::get))));
    }

    @Test
    public void whatIsASecretKey() {
        assertTrue(SecretKeys.isSecret("password"));
        assertTrue(SecretKeys.isSecret("PASSWORD"));
        assertTrue(SecretKeys.isSecret("couchdb.password"));
        assertFalse(SecretKeys.isSecret("password.file"));
        assertFalse(SecretKeys.isSecret("password.env"));
        assertFalse(SecretKeys.isSecret("passwordless"));
    }
}
