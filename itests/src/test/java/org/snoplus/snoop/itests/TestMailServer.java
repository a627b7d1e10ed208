package org.snoplus.snoop.itests;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail (an SMTP and POP3 server) started outside the framework, in the JVM that runs the
 * tests (pax-exam's native container): its classes never reach the probe, which reads the mailbox
 * over POP3. Its ports are in the system properties {@code snoop.it.smtp} and {@code snoop.it.pop3};
 * the mailbox of {@code shifters@detector.test} is user {@code shifters}, password {@code pw}.
 */
final class TestMailServer {

    private static GreenMail mail;

    private TestMailServer() {
    }

    static synchronized void start() {
        if (mail != null) {
            return;
        }
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        mail.start();
        mail.setUser("shifters@detector.test", "shifters", "pw");
        System.setProperty("snoop.it.smtp", Integer.toString(mail.getSmtp().getPort()));
        System.setProperty("snoop.it.pop3", Integer.toString(mail.getPop3().getPort()));
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "greenmail-stop"));
    }
}
