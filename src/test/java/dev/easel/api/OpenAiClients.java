package dev.easel.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** The official openai-java client pointed at a test server, as a user would set it up. */
final class OpenAiClients {
    private OpenAiClients() {}

    /** No retries, so a test sees each response as the server sent it. */
    static OpenAIClient plain(TestServer server) {
        return builder(server).build();
    }

    /** With the SDK's response validation: a missing required field or an unknown enum value throws. */
    static OpenAIClient strict(TestServer server) {
        return builder(server).responseValidation(true).build();
    }

    private static OpenAIOkHttpClient.Builder builder(TestServer server) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("x")
                .maxRetries(0);
    }
}
