fn main() {
    prevent_sa_app::run()
}
