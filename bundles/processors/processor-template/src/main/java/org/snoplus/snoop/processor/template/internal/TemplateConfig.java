package org.snoplus.snoop.processor.template.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration, read from {@code conf/template.cfg} ({@code threshold = 50}). One method per
 * key: {@code threshold()} is the key {@code threshold}, and an underscore in a method name is a dot
 * in the key ({@code max_files()} is {@code max.files}). The default applies when the file or the
 * key is missing.
 */
@ObjectClassDefinition(name = "snoop processor template",
        description = "Mean NHIT per sample window and the events at or above a threshold. PID template "
                + "(conf/template.cfg).")
@interface TemplateConfig {

    @AttributeDefinition(name = "threshold", description = "Events with at least this many hits are counted in "
            + "\"above\".")
    int threshold() default 100;
}
