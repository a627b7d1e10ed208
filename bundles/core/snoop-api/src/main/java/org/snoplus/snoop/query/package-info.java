/**
 * Reading documents back: a {@link org.snoplus.snoop.query.DocumentStore} is what a store
 * (CouchDB, the embedded store) offers; the {@link org.snoplus.snoop.query.QueryService} answers
 * the questions of the web pages and the REST API on top of any store — latest value, time ranges,
 * selected fields, cuts on other processors' fields at the same sample time, down-sampling,
 * aggregation over a range or a run — so that every store gives the same answers, each question
 * within its {@link org.snoplus.snoop.query.QueryLimits}.
 */
@Version("1.2.0")
@Export
package org.snoplus.snoop.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
