package io.departure.gateway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * The endpoints {@link Authentication} guards: with {@code departure.auth.mode=jwt} they need a
 * valid bearer token. Every departure view carries it; health, metrics and the page do not.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Protected {
}
