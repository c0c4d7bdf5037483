//! The stand-in as Playwright starts it: the `standin` binary reads its
//! apps from the environment and issues tokens for them. (This test also
//! makes the test build produce the binary, so `make test` needs no second
//! build with other features.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn the_binary_issues_tokens_to_the_apps_it_is_given() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let _standin = Running(
        Command::new(env!("CARGO_BIN_EXE_standin"))
            .env("STANDIN_ADDR", &addr)
            .env("STANDIN_APPS", "wx-app:wx-secret")
            .spawn()
            .expect("start the stand-in"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "the stand-in did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }

    let issued = get(
        &addr,
        "/cgi-bin/token?grant_type=client_credential&appid=wx-app&secret=wx-secret",
    );
    assert!(
        issued.contains("\"access_token\":\"standin-token-1-wx-app\""),
        "{issued}"
    );
    let refused = get(
        &addr,
        "/cgi-bin/token?grant_type=client_credential&appid=wx-app&secret=other",
    );
    assert!(refused.contains("\"errcode\":40125"), "{refused}");
}
