package com.intellipost.migrator.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest application that uses the starter: a DataSource from {@code spring.datasource.*}, migrations in
 * {@code classpath:db/migrations}, and a bean that reads a migrated table while the context starts.
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
