package org.snoplus.snoop.secrets.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes password keys out of every configuration before it reaches a component.
 *
 * <p>A configuration is not a place for a secret: Config Admin hands it to any bundle that asks,
 * SCR makes each key a component property (printed by {@code scr:info}) and a service property (read
 * by any bundle through the service registry). A component that needs a password is configured
 * with where it is ({@code password.file}, {@code password.env}) and reads it itself. A key named
 * {@code password} or ending in {@code .password} is removed here, whatever the component, and
 * an error names the configuration and the key (never the value) and says where the password
 * belongs. SCR asks for configurations through this plugin
 * ({@code Configuration.getProcessedProperties}); the launcher makes Config Admin wait for it
 * ({@code felix.cm.config.plugins}) so that no configuration is delivered before it is there.
 */
@Component(property = {
        SecretKeys.PLUGIN_ID_PROPERTY + "=" + SecretKeys.ID,
        ConfigurationPlugin.CM_RANKING + ":Integer=0"})
public class SecretKeys implements ConfigurationPlugin {

    /** The name the launcher lists in {@code felix.cm.config.plugins}. */
    static final String ID = "snoop.secrets";
    static final String PLUGIN_ID_PROPERTY = "config.plugin.id";
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeys.class);

    /** pid/key already reported: one error per configuration and key, not one per delivery. */
    private final Set<String> reported = Collections.newSetFromMap(new ConcurrentHashMap<>());

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        List<String> secret = new ArrayList<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (isSecret(k)) {
                secret.add(k);
            }
        }
        Object pid = properties.get(Constants.SERVICE_PID);
        for (String k : secret) {
            properties.remove(k);
            if (reported.add(pid + "/" + k)) {
                LOG.error("{}: the key {} is ignored: a password is not taken from a configuration file (every bundle "
                        + "may read configuration, scr:info prints it); put it in a file of mode 0600 named by "
                        + "password.file, or in an environment variable named by password.env", pid, k);
            }
        }
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("password") || k.endsWith(".password") || k.endsWith("_password");
    }
}
