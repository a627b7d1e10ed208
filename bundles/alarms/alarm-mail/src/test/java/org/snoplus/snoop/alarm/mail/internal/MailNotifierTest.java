package org.snoplus.snoop.alarm.mail.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmState;
import org.snoplus.snoop.alarm.Notification;
import org.snoplus.snoop.alarm.Severity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** Notifications sent to a real SMTP server (GreenMail, started here on a free port). */
public class MailNotifierTest {

    private GreenMail mail;

    @Before
    public void start() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @After
    public void stop() {
        mail.stop();
    }

    static MailConfig config(String host, int port, String to, String user, String passwordFile) {
        return new MailConfig() {
            public Class<? extends Annotation> annotationType() {
                return MailConfig.class;
            }

            public String host() {
                return host;
            }

            public int port() {
                return port;
            }

            public String from() {
                return "snoop@detector.test";
            }

            public String to() {
                return to;
            }

            public String subject_prefix() {
                return "";
            }

            public String username() {
                return user;
            }

            public String password_file() {
                return passwordFile;
            }

            public String password_env() {
                return "";
            }

            public boolean starttls() {
                return false;
            }

            public boolean ssl() {
                return false;
            }

            public int timeout_ms() {
                return 5000;
            }
        };
    }

    static Notification notification() {
        long t = 1_764_362_400_000L;
        Alarm fired = new Alarm("hot-channels", Severity.ALARM, AlarmState.FIRING, "detector.rules",
                "42 hot channels (more than 20) for 2 s", 42L, t, t, false, null, null);
        Alarm resolved = new Alarm("gtid-skips", Severity.WARNING, AlarmState.CLEARED, "detector.rules",
                "back to normal: timing.data.gtid.skips = 0", 0L, t - 60_000, t, false, null, null);
        return new Notification("daq1", List.of(fired, resolved), 0, List.of(fired));
    }

    @Test
    public void aNotificationIsOneMessageToEveryRecipient() throws Exception {
        MailNotifier n = new MailNotifier();
        n.configure(config("127.0.0.1", mail.getSmtp().getPort(), "shifter@detector.test, expert@detector.test", "", ""),
                k -> null);
        n.send(notification());
        assertTrue(mail.waitForIncomingEmail(5000, 2));
        MimeMessage[] got = mail.getReceivedMessages();
        assertEquals(2, got.length);
        assertEquals("[snoop daq1] 1 firing, 1 resolved: hot-channels, gtid-skips", got[0].getSubject());
        String body = (String) got[0].getContent();
        assertTrue(body, body.contains("FIRING  ALARM  hot-channels"));
        assertTrue(body, body.contains("RESOLVED  WARNING  gtid-skips"));
        assertTrue(body, body.contains("Active now: 1"));
    }

    @Test
    public void withAuthenticationThePasswordComesFromItsFile() throws Exception {
        mail.setUser("snoop", "secret-pw");
        Path pw = Files.createTempFile("smtp", ".pw");
        try {
            Files.writeString(pw, "secret-pw\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            MailNotifier n = new MailNotifier();
            n.configure(config("127.0.0.1", mail.getSmtp().getPort(), "shifter@detector.test", "snoop", pw.toString()),
                    k -> null);
            n.send(notification());
            assertTrue(mail.waitForIncomingEmail(5000, 1));
        } finally {
            Files.delete(pw);
        }
    }

    @Test
    public void badValuesAreRefusedWithTheirKey() {
        try {
            new MailNotifier().configure(config("127.0.0.1", 25, "not an address", "", ""), k -> null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bad configuration: to: 'not an address'"));
        }
        try {
            new MailNotifier().configure(config("127.0.0.1", 25, "", "", ""), k -> null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bad configuration: to is empty"));
        }
    }

    @Test
    public void anUnreachableServerFailsTheSendForARetry() throws Exception {
        int port = mail.getSmtp().getPort();
        mail.stop();
        MailNotifier n = new MailNotifier();
        n.configure(config("127.0.0.1", port, "shifter@detector.test", "", ""), k -> null);
        try {
            n.send(notification());
            fail();
        } catch (jakarta.mail.MessagingException e) {
            assertTrue(e.toString(), e.toString().contains("connect") || e.toString().contains("Connect"));
        }
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }
}
