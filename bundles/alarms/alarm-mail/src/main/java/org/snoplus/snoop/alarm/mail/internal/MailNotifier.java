package org.snoplus.snoop.alarm.mail.internal;

import java.util.Date;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Notification;
import org.snoplus.snoop.alarm.Notifier;
import org.snoplus.snoop.store.support.Passwords;

/**
 * Alarm notifications by e-mail: each {@link Notification} (changes grouped and rate-limited by
 * the alarm engine) is one plain-text message to the recipients of this configuration. A
 * configuration with a bad value (an address, a port) is refused with the key and the reason; the
 * password is read from {@code password.file} or {@code password.env}, never from the
 * configuration, and never logged.
 */
@Component(name = MailNotifier.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Notifier.class)
@Designate(ocd = MailConfig.class, factory = true)
public class MailNotifier implements Notifier {

    static final String PID = "snoop.notifier.mail";
    private static final Logger LOG = LoggerFactory.getLogger(MailNotifier.class);

    private Session session;
    private InternetAddress from;
    private InternetAddress[] to;
    private String prefix;
    private String username;
    private String password;
    private String where;

    @Activate
    void activate(MailConfig c) {
        try {
            configure(c, System::getenv);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        LOG.info("{}: alarms by e-mail to {}", PID, where);
    }

    void configure(MailConfig c, java.util.function.UnaryOperator<String> environment) {
        String host = c.host() == null ? "" : c.host().strip();
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("bad configuration: host '" + host + "' is not a host name");
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new IllegalArgumentException("bad configuration: port " + c.port() + " is not a port (1 to 65535)");
        }
        try {
            from = new InternetAddress(c.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("bad configuration: from '" + c.from() + "' is not an address: "
                    + e.getMessage());
        }
        try {
            to = InternetAddress.parse(c.to() == null ? "" : c.to(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("bad configuration: to: '" + c.to() + "' is not a list of addresses: "
                    + e.getMessage());
        }
        if (to.length == 0) {
            throw new IllegalArgumentException("bad configuration: to is empty: name the recipients, separated by commas");
        }
        if (c.timeout_ms() < 100) {
            throw new IllegalArgumentException("bad configuration: timeout.ms must be at least 100, not " + c.timeout_ms());
        }
        username = c.username() == null ? "" : c.username().strip();
        password = Passwords.read(c.password_file(), c.password_env(), environment);
        prefix = c.subject_prefix() == null ? "" : c.subject_prefix();
        String protocol = c.ssl() ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", host);
        p.put("mail." + protocol + ".port", Integer.toString(c.port()));
        p.put("mail." + protocol + ".connectiontimeout", Integer.toString(c.timeout_ms()));
        p.put("mail." + protocol + ".timeout", Integer.toString(c.timeout_ms()));
        p.put("mail." + protocol + ".writetimeout", Integer.toString(c.timeout_ms()));
        p.put("mail." + protocol + ".auth", Boolean.toString(!username.isEmpty()));
        if (c.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        session = withOurClassLoader(() -> Session.getInstance(p));
        where = String.join(", ", java.util.Arrays.stream(to).map(InternetAddress::getAddress).toList()) + " through "
                + protocol + "://" + host + ":" + c.port();
    }

    @Override
    public void send(Notification n) throws MessagingException {
        MessagingException[] failure = new MessagingException[1];
        withOurClassLoader(() -> {
            try {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(from);
                m.setRecipients(Message.RecipientType.TO, to);
                m.setSubject(prefix + n.subject(), "UTF-8");
                m.setSentDate(new Date());
                m.setText(n.text(), "UTF-8");
                if (username.isEmpty()) {
                    Transport.send(m);
                } else {
                    Transport.send(m, username, password);
                }
            } catch (MessagingException e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public String describe() {
        return "e-mail to " + where;
    }

    /** Jakarta Mail finds its providers through the context class loader: this bundle's, where they are. */
    private static <T> T withOurClassLoader(java.util.function.Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(MailNotifier.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
