package dev.poebridge.images;

import org.jboss.resteasy.reactive.RestForm;

/** The text fields of the edit and variation forms; the others (style, background, ...) are ignored. */
public class ImageForm {
    @RestForm
    String prompt;
    @RestForm
    String model;
    @RestForm
    String n;
    @RestForm("response_format")
    String responseFormat;
    @RestForm
    String stream;
    @RestForm("partial_images")
    String partialImages;
    @RestForm
    String size;
    @RestForm
    String quality;
    @RestForm("conversation_id")
    String conversationId;
    @RestForm
    String store;
}
