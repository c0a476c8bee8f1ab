/**
 * {@code augment-service}: augmentation requests over Kafka, answered exactly once.
 *
 * <p>Read top to bottom: {@link io.ganwatch.augment.service.AugmentService} (the loop and the
 * transaction), {@code RequestDecoder} and {@code RequestValidator} (what a request may ask),
 * {@code RequestHandler} (read the data, run the job, prepare the output, classify what went wrong
 * as REJECTED or FAILED), {@code FinishedRequests} (why replays add nothing), and
 * {@link io.ganwatch.augment.service.Results} (the answer). Kafka stays in this package: the
 * numeric work in {@code io.ganwatch.augment} never sees a topic.
 */
package io.ganwatch.augment.service;
