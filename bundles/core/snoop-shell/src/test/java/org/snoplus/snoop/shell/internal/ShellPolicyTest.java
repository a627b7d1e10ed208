package org.snoplus.snoop.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class ShellPolicyTest {

    @Test
    public void snoopCommandsAndReadOnlyInspectionRunWithTheirFullScope() throws Exception {
        assertEquals("snoop:processors", ShellPolicy.check("snoop:processors"));
        assertEquals("snoop:sample count", ShellPolicy.check("  snoop:sample   count "));
        assertEquals("felix:lb", ShellPolicy.check("lb"));
        assertEquals("felix:lb -s snoop", ShellPolicy.check("lb -s snoop"));
        assertEquals("felix:help scr:info", ShellPolicy.check("help scr:info"));
        assertEquals("scr:list", ShellPolicy.check("scr:list"));
        assertEquals("scr:info org.snoplus.snoop.core", ShellPolicy.check("scr:info org.snoplus.snoop.core"));
    }

    @Test
    public void everyOtherCommandIsRefusedNamingIt() {
        for (String line : new String[] {"install file:/tmp/x.jar", "stop 3", "felix:uninstall 3", "cm:getConfiguration x",
            "telnetd start", "gogo:telnetd start", "bundle 0", "exec ls", "cat /etc/shadow", "scr:disable x",
            "myscope:lb", "snoop-x:processors", "$x"}) {
            String first = line.split(" ")[0];
            refused(line, "'" + first + "' is not allowed");
        }
    }

    @Test
    public void scriptsInArgumentsAreRefused() {
        for (String line : new String[] {"snoop:processors ; stop 0", "snoop:sample $(bundle 0)", "lb | grep x",
            "snoop:sample (bundle 0) stop", "scr:info {stop 0}", "snoop:sample x=1", "lb \"a b\"", "lb 'a'",
            "snoop:sample a\\b", "lb * ", "lb ~", "snoop:sample a&", "lb > /tmp/x", "lb #x", "lb [1]"}) {
            refused(line, "is not allowed in this shell: arguments are plain words");
        }
    }

    private static void refused(String line, String why) {
        try {
            String ran = ShellPolicy.check(line);
            fail("'" + line + "' was let through as '" + ran + "'");
        } catch (ShellPolicy.Refused e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
            assertTrue(e.getMessage(), e.getMessage().contains("all.commands = true"));
        }
    }
}
